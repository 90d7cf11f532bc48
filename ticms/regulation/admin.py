from django.contrib import admin
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.common.admin_base import AuditedRoleAdmin

from .models import Article, RuleSet


@admin.register(Article)
class ArticleAdmin(AuditedRoleAdmin):
    list_display = ("label", "chapter")
    editor_roles = ()


@admin.register(RuleSet)
class RuleSetAdmin(AuditedRoleAdmin):
    editor_roles = (Role.SYSADMIN, Role.PROVINCE)
    list_display = ("code", "title", "effective_from")

    def has_change_permission(self, request, obj=None):
        # A version in force may already carry decisions: it is frozen; publish a new one.
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)
