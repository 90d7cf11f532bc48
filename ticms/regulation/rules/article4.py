"""The check of 第四条: one sub-field (细分产业领域) is not laid out twice, compared with the
existing platforms and (for the province) the applications in the pipeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..profile import MISSING
from .base import Context
from .checks import missing
from .messages import Finding
from .outcomes import Outcome

# --- 第四条 --------------------------------------------------------------------------------------


def check_no_duplicate_layout(ctx: Context) -> Finding:
    from .. import layout

    sub_field = ctx.profile.get("layout.sub_field")
    if sub_field is MISSING:
        return missing("layout.sub_field")
    existing = layout.existing_layout(sub_field, exclude_center_id=ctx.exclude_center_id)
    if ctx.compare_applications:
        existing += layout.pipeline_layout(
            sub_field, exclude_application_id=ctx.exclude_application_id, disclose=ctx.disclose
        )
    if existing:
        return Finding(
            Outcome.FAIL,
            _("细分产业领域「%(field)s」已建有：%(existing)s。原则上不再重复布局建设"),
            {"field": sub_field, "existing": existing},
        )
    return Finding(
        Outcome.PASS,
        _("细分产业领域「%(field)s」尚未建有省级产业创新中心、制造业创新中心或技术创新中心"),
        {"field": sub_field},
    )
