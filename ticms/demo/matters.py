"""Demo of major matters (第二十三条): a filed report of a major result, and an executive director
change at the 南京 center reviewed by its city and waiting for the province. Everything goes
through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ticms.accounts import idnumbers
from ticms.accounts.selectors import center_staff, city_officers
from ticms.centers.models import LAYOUT_STATUSES, Center
from ticms.matters import services as services

NANJING = "320100"
# A valid resident ID number made for the demo (GB 11643 check digit); stored only hashed.
DEMO_ID = idnumbers.make_resident("32010219790315012")


def seed_major_matters(*, province) -> None:
    center = (
        Center.objects.filter(
            city__code=NANJING, status__in=LAYOUT_STATUSES, headquarters__isnull=True
        )
        .order_by("code")
        .first()
    )
    if center is None:
        return
    staff = center_staff(center).order_by("pk").first()
    city = city_officers(center.city_id).order_by("pk").first()
    if staff is None or city is None:
        return
    today = timezone.localdate()

    report = services.major_matter_create(
        actor=staff,
        center_id=center.pk,
        kind="result",
        title="突破7纳米以下EDA关键算法，完成首个全流程验证",
        body=(
            "中心联合共建单位完成布局布线与时序签核关键算法攻关，在两家骨干企业完成全流程流片验证，"
            "形成发明专利申请12项，相关成果已在省内3家设计企业推广应用。"
        ),
        occurred_on=today - dt.timedelta(days=20),
    )
    services.major_matter_transition(actor=staff, matter_id=report.pk, action="submit")
    services.major_matter_transition(actor=province, matter_id=report.pk, action="file")

    change = services.change_request_create(
        actor=staff,
        center_id=center.pk,
        kind="executive_director",
        reason=(
            "原执行主任因工作调动不再担任执行主任。经中心理事会研究，拟聘任周明远同志为执行主任，"
            "全职全时在中心工作（第十二条第4项、第十五条）。附理事会决议。"
        ),
        proposed={"name": "周明远", "id_number": DEMO_ID, "full_time": True},
    )
    services.change_request_transition(actor=staff, change_id=change.pk, action="submit")
    services.change_request_transition(
        actor=city,
        change_id=change.pk,
        action="city_review",
        params={
            "opinion": "经审核，拟任人选具有丰富的科研和管理经验，同意变更，报请省科技厅审批。"
        },
    )
