from django.contrib import admin

from ticms.common.admin_base import AuditedRoleAdmin

from .models import ExistingPlatform, IndustryField


@admin.register(IndustryField)
class IndustryFieldAdmin(AuditedRoleAdmin):
    list_display = ("code", "name", "name_en", "category", "parent", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)


@admin.register(ExistingPlatform)
class ExistingPlatformAdmin(AuditedRoleAdmin):
    list_display = ("name", "kind", "sub_field", "city", "approved_year", "is_active")
    list_filter = ("kind", "is_active", "city")
    search_fields = ("name", "host")
    list_select_related = ("sub_field", "city")
