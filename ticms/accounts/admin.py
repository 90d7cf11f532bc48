from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ticms.common.admin_base import AuditedRoleAdmin
from ticms.common.audit import audit_record

from .models import City, Organisation, Person, User
from .services import user_role_problems


@admin.register(City)
class CityAdmin(AuditedRoleAdmin):
    list_display = ("code", "name", "name_en")
    editable = False


@admin.register(Organisation)
class OrganisationAdmin(AuditedRoleAdmin):
    list_display = ("name", "uscc", "kind", "city")
    list_filter = ("kind", "city")
    search_fields = ("name", "uscc")


@admin.register(Person)
class PersonAdmin(AuditedRoleAdmin):
    list_display = ("name", "id_masked", "title_level", "degree", "employer")
    search_fields = ("name",)
    readonly_fields = ("id_masked",)
    list_select_related = ("employer",)
    autocomplete_fields = ("employer",)


@admin.register(User)
class UserAdmin(AuditedRoleAdmin, BaseUserAdmin):
    list_display = ("username", "display_name", "role", "city", "organisation", "is_active")
    list_filter = ("role", "city", "is_active")
    list_select_related = ("city", "organisation")
    search_fields = ("username", "display_name", "email")
    autocomplete_fields = ("organisation",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("身份与范围"), {"fields": ("display_name", "email", "role", "city", "organisation")}),
        (_("状态"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "username",
                    "password1",
                    "password2",
                    "display_name",
                    "role",
                    "city",
                    "organisation",
                )
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(this):
            data = original_clean(this)
            problems = user_role_problems(
                role=data.get("role"), city=data.get("city"), organisation=data.get("organisation")
            )
            if problems:
                raise ValidationError({k: v for k, v in problems.items()})
            return data

        form.clean = clean
        return form

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            # The event says that it happened and who did it, never the hash.
            audit_record(actor=request.user, action="user.password_reset", obj=user)
        return response
