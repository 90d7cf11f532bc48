from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.common.admin_base import AuditedRoleAdmin
from ticms.common.forms import FieldMessagesMixin

from .models import Article, RuleSet


@admin.register(Article)
class ArticleAdmin(AuditedRoleAdmin):
    list_display = ("label", "chapter")
    editable = False


class RuleSetForm(FieldMessagesMixin, forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = ("code", "title", "effective_from", "thresholds", "notes")

    def clean_effective_from(self):
        # Decisions already taken re-display under their own version: history is never rewritten.
        day = self.cleaned_data["effective_from"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("新规则集的生效日期须晚于今天"))
        return day


@admin.register(RuleSet)
class RuleSetAdmin(AuditedRoleAdmin):
    form = RuleSetForm
    list_display = ("code", "title", "effective_from")

    def has_change_permission(self, request, obj=None):
        # A version in force may already carry decisions: it is frozen; publish a new one.
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)
