"""The team roster pasted from Excel: all or nothing, a header skipped, lines numbered as pasted
with every problem of a line at once (the services' too), and an example that can be pasted."""

from __future__ import annotations

import re

import pytest

from ticms.accounts import idnumbers
from ticms.accounts.models import Person
from ticms.establishment.models import ApplicationTeamMember
from ticms.testing import factories as f

from .drafting_helpers import html, url

pytestmark = pytest.mark.django_db


def test_pasted_rows_are_all_or_nothing_with_each_line_named(client, draft, applicant):
    client.force_login(applicant)
    good = f"张三\t{f.make_id_number()}\t中级\t硕士\t核心技术研发团队\t工程师\t是\t是"
    bad_choice = f"李四\t{f.make_id_number()}\t教授\t硕士\t核心技术研发团队\t\t是\t是"
    bad_id = "王五\t320102198001011234\t中级\t硕士\t成果转化应用团队\t\t否\t是"
    page = html(client.post(url("draft_team", draft), {"rows": "\n".join([good, bad_choice])}))
    assert "第2行" in page and "职称级别" in page
    page = html(client.post(url("draft_team", draft), {"rows": "\n".join([good, bad_id])}))
    assert "第2行（王五）" in page and "身份证号码校验位错误" in page
    assert not ApplicationTeamMember.objects.filter(application=draft).exists()


def test_pasting_rows_from_excel_adds_them_with_a_header_skipped(client, draft, applicant):
    client.force_login(applicant)
    lines = ["姓名\t证件号码\t职称级别\t学位\t所属团队\t岗位\t是否全职\t是否研发人员"]
    lines += [
        f"成员{i}\t{f.make_id_number()}\tintermediate\t博士\t技术支撑服务团队\t\t是\t否"
        for i in range(3)
    ]
    response = client.post(url("draft_team", draft), {"rows": "\r\n".join(lines) + "\r\n"})
    assert response.status_code == 302
    members = ApplicationTeamMember.objects.filter(application=draft)
    assert members.count() == 3
    assert {(m.team, m.full_time, m.is_rd_staff) for m in members} == {
        ("tech_support", True, False)
    }
    assert set(
        Person.objects.filter(pk__in=members.values("person")).values_list("degree", flat=True)
    ) == {"doctorate"}


HEADER = "姓名\t证件号码\t职称级别\t学位\t所属团队\t岗位\t是否全职\t是否研发人员"


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
