"""Django admin for the system administrator only (issue 2 §6): reference data and accounts,
every save and delete audited, secrets never written into the audit log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import Role

from .audit import audit_record, to_json

# Never copied into the append-only audit log.
SECRET_FIELDS = {"password", "last_login"}


def audit_fields(obj) -> dict:
    return to_json(
        {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if f.name not in SECRET_FIELDS and not getattr(f, "auto_now", False)
        }
    )


class AuditedRoleAdmin(admin.ModelAdmin):
    editable = True
    allow_delete = False

    @staticmethod
    def _is_admin(request) -> bool:
        user = request.user
        return user.is_authenticated and user.is_active and user.role == Role.SYSADMIN

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request):
        return self.editable and self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self.editable and self._is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self.editable and self._is_admin(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The admin's forms name the field in every error, like the rest of the system."""
        from .forms import FieldMessagesMixin

        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(form, FieldMessagesMixin):
            return form
        return type(form.__name__, (FieldMessagesMixin, form), {})

    def save_model(self, request, obj, form, change):
        before = audit_fields(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        after = audit_fields(obj)
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
        audit_record(actor=request.user, action="admin.delete", obj=obj, before=audit_fields(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class TicmsAdminSite(admin.AdminSite):
    site_header = _("江苏省技术创新中心管理信息系统 · 系统管理")
    site_title = "TICMS"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_authenticated and user.role == Role.SYSADMIN
