from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ticms.common.admin_base import AuditedRoleAdmin

from .models import City, Organisation, Person, Role, User
from .services import user_role_problems


@admin.register(City)
class CityAdmin(AuditedRoleAdmin):
    list_display = ("code", "name")
    editor_roles = ()


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
    viewer_roles = (Role.SYSADMIN,)
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
