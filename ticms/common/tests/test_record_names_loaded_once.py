"""Records named in messages and audit lines are loaded with what their names are made of
(NAME_RELATED): naming fifty annual reports is one query, not one per report (issue 10)."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.common.messages import Records, ref, render
from ticms.reporting.deadlines import REMIND_OVERDUE
from ticms.reporting.models import AnnualReport
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def names(reports) -> tuple[int, list[str]]:
    from ticms.common.messages import msg

    messages = [msg(REMIND_OVERDUE, center=ref(r), year=r.year, date="2026-03-31") for r in reports]
    with CaptureQueriesContext(connection) as ctx:
        records = Records().prefetch(messages)
        rendered = [render(m, records) for m in messages]
    return len(ctx.captured_queries), rendered


def test_naming_more_reports_takes_no_more_queries():
    reports = [
        AnnualReport.objects.create(center=f.CenterFactory(name=f"中心{i}"), year=2024)
        for i in range(12)
    ]
    few, _ = names(reports[:2])
    many, rendered = names(reports)
    assert few == many == 1
    assert rendered[11].startswith("中心11 2024年度报告")


def test_every_declared_relation_exists():
    for model in apps.get_models():
        for path in getattr(model, "NAME_RELATED", ()):
            current = model
            for part in path.split("__"):
                field = current._meta.get_field(part)
                assert field.is_relation, (model, path)
                current = field.related_model
