"""Admin for reference data: access by role, every save and delete audited."""

from django.contrib import admin
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import Role

from .audit import audit_record, to_json


class AuditedRoleAdmin(admin.ModelAdmin):
    editor_roles: tuple[str, ...] = (Role.SYSADMIN,)
    viewer_roles: tuple[str, ...] = (Role.SYSADMIN, Role.PROVINCE)
    allow_delete = False

    def _role(self, request):
        user = request.user
        return user.role if user.is_authenticated and user.is_active else None

    def has_module_permission(self, request):
        return self._role(request) in self.viewer_roles

    def has_view_permission(self, request, obj=None):
        return self._role(request) in self.viewer_roles

    def has_add_permission(self, request):
        return self._role(request) in self.editor_roles

    def has_change_permission(self, request, obj=None):
        return self._role(request) in self.editor_roles

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self._role(request) in self.editor_roles

    def save_model(self, request, obj, form, change):
        before = {}
        if change and obj.pk:
            before = to_json(model_to_dict(type(obj).objects.get(pk=obj.pk)))
        super().save_model(request, obj, form, change)
        after = to_json(model_to_dict(obj))
        if change:
            keys = [k for k in after if before.get(k) != after.get(k)]
            before, after = {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
        audit_record(
            actor=request.user,
            action=f"admin.{'change' if change else 'add'}",
            obj=obj,
            before=before,
            after=after,
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user, action="admin.delete", obj=obj, before=to_json(model_to_dict(obj))
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class TicmsAdminSite(admin.AdminSite):
    site_header = _("江苏省技术创新中心管理信息系统 · 系统管理")
    site_title = "TICMS"

    def has_permission(self, request):
        user = request.user
        return (
            user.is_active
            and user.is_authenticated
            and user.role
            in (
                Role.SYSADMIN,
                Role.PROVINCE,
            )
        )
