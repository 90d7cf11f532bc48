"""What the user trial of the applicant's pages found (第十三条第2项): pasted roster lines
numbered as pasted with every problem at once, the eligibility refresh for every reader,
target numbers without trailing zeros, the empty upload's message, duplicate targets, and no
Chinese punctuation outside translated strings in the read-only summary and task list."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from ticms.accounts import idnumbers
from ticms.accounts.models import Person
from ticms.common.exceptions import ValidationFailed
from ticms.establishment import services
from ticms.establishment.models import ApplicationTarget, ApplicationTeamMember
from ticms.establishment.tests.test_drafting_views import submitted
from ticms.establishment.views.drafting.tasklist import tasklist_context
from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

pytestmark = pytest.mark.django_db

HEADER = "姓名\t证件号码\t职称级别\t学位\t所属团队\t岗位\t是否全职\t是否研发人员"
TEMPLATES = pathlib.Path(__file__).resolve().parents[1] / "templates" / "establishment"


@pytest.fixture
def guide():
    return published_guide()


@pytest.fixture
def applicant():
    return f.center_user(f.OrganisationFactory(kind="new_rd_institution", city=f.city("320100")))


@pytest.fixture
def draft(guide, applicant):
    return services.application_create(
        actor=applicant, guide_id=guide.pk, center_name="江苏省测试技术创新中心"
    )


def url(name, application, *args):
    return reverse(f"establishment:{name}", args=[application.pk, *args])


def line(name, id_number, title="中级"):
    return f"{name}\t{id_number}\t{title}\t硕士\t核心技术研发团队\t工程师\t是\t是"


# Every form error names its field (issue 9 §5), the paste box's too.
PASTE = "「成员信息（每行一人）」："


def paste_errors(response) -> list[str]:
    """The messages of the paste box's error summary, without the box's name."""
    found = re.findall(
        r'<a href="#id_rows" class="alert-link">([^<]*)</a>', response.content.decode()
    )
    assert all(message.startswith(PASTE) for message in found), found
    return [message.removeprefix(PASTE) for message in found]


# --- 1. Pasted roster lines ---------------------------------------------------------------------


def test_pasted_lines_are_numbered_as_pasted_with_every_problem_at_once(client, draft, applicant):
    client.force_login(applicant)
    first = f.make_id_number()
    lines = [
        HEADER,  # line 1
        line("张三", first),  # 2
        line("李四", "320102198001011234", title="教授"),  # 3: a column and the ID at once
        line("王五", f.make_id_number()),  # 4
        "",  # 5: a blank line still counts
        line("赵六", first),  # 6: the same person as line 2
        line("", ""),  # 7
    ]
    response = client.post(url("draft_team", draft), {"rows": "\n".join(lines)})
    errors = paste_errors(response)
    assert len(errors) == 3, errors
    third, sixth, seventh = errors
    assert third.startswith("第3行（李四）")
    assert "职称级别" in third and "身份证号码校验位错误" in third
    assert sixth.startswith("第6行（赵六）") and "与第2行相同" in sixth
    assert seventh.startswith("第7行") and "请填写姓名" in seventh and "请填写证件号码" in seventh
    assert not ApplicationTeamMember.objects.filter(application=draft).exists()


def test_the_services_problems_name_the_pasted_line(client, draft, applicant):
    client.force_login(applicant)
    member = f.make_id_number()
    response = client.post(url("draft_team", draft), {"rows": line("张三", member)})
    assert response.status_code == 302
    # One row after the header: the service names no index, the line is still given.
    response = client.post(url("draft_team", draft), {"rows": f"{HEADER}\n{line('张三', member)}"})
    assert paste_errors(response) == ["第2行（张三）证件号码：张三已在团队名单中"]
    # Several rows, a blank line between them: numbered as pasted.
    other = f.make_id_number()
    Person.objects.create(
        name="钱七", id_hash=idnumbers.id_hash(other), id_masked=idnumbers.mask(other)
    )
    rows = [HEADER, line("李四", f.make_id_number()), "", line("孙八", other)]
    errors = paste_errors(client.post(url("draft_team", draft), {"rows": "\r\n".join(rows)}))
    assert len(errors) == 1 and errors[0].startswith("第4行（孙八）姓名：姓名与证件号码不一致")
    assert ApplicationTeamMember.objects.filter(application=draft).count() == 1


def test_the_paste_example_has_a_valid_id_and_can_be_pasted(client, draft, applicant):
    client.force_login(applicant)
    page = client.get(url("draft_team", draft)).content.decode()
    example = re.search(r"<code>([^<]*)</code>", page)[1]
    cells = example.split("\t")
    assert len(cells) == 8 and idnumbers.problem(cells[1]) is None
    assert cells[1] == idnumbers.make_resident("32010219900101123")
    response = client.post(url("draft_team", draft), {"rows": example})
    assert response.status_code == 302
    assert ApplicationTeamMember.objects.filter(application=draft).count() == 1


# --- 2. The eligibility refresh for every reader -------------------------------------------------


def test_every_reader_can_refresh_the_eligibility_check(client, guide):
    application, applicant = submitted(guide)
    co_builder = f.co_builder_user(
        f.OrganisationFactory(uscc=application.co_builders.first().uscc, kind="university")
    )
    refresh = url("draft_eligibility", application)
    for reader in (f.city_user("320100"), f.province_user(), co_builder, applicant):
        client.force_login(reader)
        detail = client.get(application.get_absolute_url()).content.decode()
        assert f'href="{refresh}" hx-get="{refresh}"' in detail, reader.role
        # As a plain link: a page of its own, with the panel and the way back.
        response = client.get(refresh)
        page = response.content.decode()
        assert response.status_code == 200, reader.role
        assert "<html" in page and 'id="eligibility-panel"' in page and "结论" in page
        assert f'href="{application.get_absolute_url()}#eligibility-panel"' in page
        assert "HX-Request" in response["Vary"]
        # Through htmx: the panel alone.
        response = client.get(refresh, {"section": "team"}, HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert response.status_code == 200 and "<html" not in page
        assert 'id="eligibility-panel"' in page and "团队成员人数" in page


# --- 3. Numbers without trailing zeros ----------------------------------------------------------


def test_target_numbers_are_shown_the_one_way(client, draft, applicant):
    """Money in two decimals; other units as written, without trailing zeros."""
    year = dt.date.today().year + 2
    for name, unit, baseline, value in (
        ("突破关键核心技术", "项", None, Decimal("10.00")),
        ("研发投入", "万元", Decimal("250.50"), Decimal("1000.00")),
        ("成果转化率", "%", Decimal("20.00"), Decimal("33.40")),
    ):
        services.target_add(
            actor=applicant,
            application_id=draft.pk,
            name=name,
            unit=unit,
            baseline=baseline,
            target_value=value,
            target_year=year,
        )
    services.application_profile_save(
        actor=applicant, application_id=draft.pk, answers={"center.rd_site_area_m2": "6000.50"}
    )
    client.force_login(applicant)
    summary = client.get(url("application_review_page", draft)).content.decode()
    for shown in ("10 项", "1,000.00 万元", "250.50 万元", "33.4 %", "20 %", ">6,000.5<"):
        assert shown in summary, shown
    assert "10.00 项" not in summary and "33.40" not in summary and "20.00" not in summary
    table = client.get(url("draft_targets", draft)).content.decode()
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', table)
    assert cells == ["—", "10", "250.50", "1,000.00", "20", "33.4"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    table = client.get(url("draft_targets", draft)).content.decode()
    assert re.findall(r'<td class="text-end">([^<]*)</td>', table)[3] == "1,000.00"


# --- 4. The empty upload ------------------------------------------------------------------------


def test_an_upload_without_a_file_asks_to_choose_one(client, draft, applicant):
    client.force_login(applicant)
    page = client.post(url("draft_attachments", draft), {"kind": "co_building_agreement"})
    page = page.content.decode()
    assert "请选择要上传的文件" in page and "请填写文件" not in page


# --- 5. The same target twice -------------------------------------------------------------------


def test_the_same_target_row_is_refused_the_second_time(client, draft, applicant):
    client.force_login(applicant)
    year = dt.date.today().year + 3
    row = {"name": "孵化企业", "unit": "家", "target_value": "10", "target_year": str(year)}
    assert client.post(url("draft_targets", draft), row).status_code == 302
    again = client.post(url("draft_targets", draft), {**row, "target_value": "10.00"})
    assert again.status_code == 200 and "不能重复添加" in again.content.decode()
    assert ApplicationTarget.objects.filter(application=draft).count() == 1
    # The service itself refuses it, whatever the baseline.
    with pytest.raises(ValidationFailed) as caught:
        services.target_add(
            actor=applicant, application_id=draft.pk, baseline="3", **{**row, "name": " 孵化企业 "}
        )
    assert "name" in caught.value.errors
    # Another year (or value, or unit) is another target.
    response = client.post(url("draft_targets", draft), {**row, "target_year": str(year + 1)})
    assert response.status_code == 302
    assert ApplicationTarget.objects.filter(application=draft).count() == 2


# --- 6. English mode: no Chinese outside translated strings -------------------------------------

_TRANSLATED = re.compile(
    r"\{%\s*blocktranslate.*?%\}.*?\{%\s*endblocktranslate\s*%\}"
    r"|\{%\s*translate\s+([\"']).*?\1.*?%\}"
    r"|\{#.*?#\}"
    r"|_\(([\"']).*?\2\)",
    re.S,
)
_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    "template",
    [
        *sorted(p.relative_to(TEMPLATES).as_posix() for p in (TEMPLATES / "drafting").glob("*")),
        "includes/tasklist.html",
    ],
)
def test_no_chinese_outside_translated_strings(template):
    text = _TRANSLATED.sub("", (TEMPLATES / template).read_text())
    found = [m.group() for m in _CHINESE.finditer(text)]
    assert not found, f"{template}: {found}"


def test_the_read_only_summary_in_english_has_no_chinese_separators(guide):
    application, applicant = submitted(guide)
    request = RequestFactory().get(application.get_absolute_url())
    request.user = applicant
    with translation.override("en"):
        context = {
            "application": application,
            "user": applicant,
            **tasklist_context(application, applicant),
        }
        page = render_to_string("establishment/includes/tasklist.html", context, request=request)
    assert not re.search(r"\d 人", page) and "人；" not in page
    assert re.search(r"\d people; ", page)
