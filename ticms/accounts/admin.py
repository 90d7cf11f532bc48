from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ticms.common.admin_base import AuditedRoleAdmin
from ticms.common.audit import audit_record

from .models import City, LoginLock, Organisation, Person, User
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
    raw_id_fields = ("center",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("身份与范围"),
            {"fields": ("display_name", "email", "role", "city", "organisation", "center")},
        ),
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
                    "center",
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
                role=data.get("role"),
                city=data.get("city"),
                organisation=data.get("organisation"),
                center=data.get("center"),
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


@admin.register(LoginLock)
class LoginLockAdmin(AuditedRoleAdmin):
    """Failed logins per name and address; deleting a row lifts its lock (audited)."""

    allow_delete = True
    # axes' own field names are English: each column gets a Chinese heading here.
    list_display = ("login_name", "address", "failures", "last_failure", "locked")
    search_fields = ("username", "ip_address")
    fields = ("login_name", "address", "failures", "last_failure", "locked", "browser")
    readonly_fields = fields
    ordering = ("-attempt_time",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("登录名"), ordering="username")
    def login_name(self, obj):
        return obj.username

    @admin.display(description=_("网络地址"), ordering="ip_address")
    def address(self, obj):
        return obj.ip_address

    @admin.display(description=_("连续失败次数"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description=_("最近一次失败"), ordering="attempt_time")
    def last_failure(self, obj):
        return obj.attempt_time

    @admin.display(description=_("浏览器"))
    def browser(self, obj):
        return obj.user_agent

    @admin.display(description=_("锁定中"), boolean=True)
    def locked(self, obj):
        from django.utils import timezone

        recent = obj.attempt_time >= timezone.now() - settings.AXES_COOLOFF_TIME
        return recent and obj.failures_since_start >= settings.AXES_FAILURE_LIMIT
