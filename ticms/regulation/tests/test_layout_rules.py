"""The database rules: 第四条 (no duplicate layout in a sub-field) and 第十二条第4项 (the same
leader or the same team is not supported twice)."""

import datetime as dt

import pytest

from ticms.accounts import idnumbers
from ticms.common.exceptions import ValidationFailed
from ticms.regulation.eligibility import check_profile, evaluate
from ticms.regulation.models import RuleSet
from ticms.regulation.profile import parse_profile
from ticms.regulation.thresholds import FIRST_VERSION
from ticms.testing import factories as f

from .profiles import good_profile, result_of

pytestmark = pytest.mark.django_db

REPEAT = "A12.4.no_repeat_support"
LAYOUT = "A4.no_duplicate_layout"
FREE_FIELD = "E0105"  # 人工智能: nothing is built there in these tests
LAYOUT_STATUSES = ["constructing", "accepting", "operating", "rectifying"]


def person(id_number=None):
    id_number = id_number or f.make_id_number()
    return f.PersonFactory(id_number=id_number), id_number


def check(**layout):
    layout.setdefault("sub_field", FREE_FIELD)
    return check_profile(good_profile(layout=layout))


def row(report, rule_id):
    return result_of(report, rule_id)


def fresh_ids(n):
    return [f.make_id_number() for _ in range(n)]


def complete_layout(**changes):
    values = {
        "sub_field": FREE_FIELD,
        "director_id_number": f.make_id_number(),
        "executive_director_id_number": f.make_id_number(),
        "team_id_numbers": fresh_ids(4),
    }
    values.update(changes)
    return values


# --- skipped / missing -----------------------------------------------------------------------


@pytest.mark.parametrize("layout", [None, {"layout": None}])
def test_without_layout_both_database_rules_are_skipped(layout):
    data = good_profile(layout=None)
    if layout:
        data.update(layout)
    report = check_profile(data)
    for rule_id in (REPEAT, LAYOUT):
        assert row(report, rule_id)["outcome"] == "skipped"
        assert "layout" in row(report, rule_id)["message"]
    assert report.verdict == "eligible"


def test_empty_layout_reports_missing_data():
    report = check_profile(good_profile(layout={}))
    assert row(report, LAYOUT)["outcome"] == "missing"
    assert "layout.sub_field" in row(report, LAYOUT)["message"]
    assert row(report, REPEAT)["outcome"] == "missing"
    for path in (
        "layout.director_id_number",
        "layout.executive_director_id_number",
        "layout.team_id_numbers",
    ):
        assert path in row(report, REPEAT)["message"]
    assert report.verdict == "incomplete"


def test_clean_layout_passes_and_the_profile_is_eligible():
    f.CenterFactory(sub_field=f.sub_field("E0201"))  # elsewhere, unrelated people
    report = check_profile(good_profile(layout=complete_layout()))
    assert row(report, LAYOUT)["outcome"] == "pass"
    assert "人工智能" in row(report, LAYOUT)["message"]
    assert row(report, REPEAT)["outcome"] == "pass"
    assert "4 名团队成员" in row(report, REPEAT)["message"]
    assert report.verdict == "eligible"


def test_unknown_sub_field_is_an_input_error():
    with pytest.raises(ValidationFailed) as info:
        check_profile(good_profile(layout={"sub_field": "Z9999"}))
    assert list(info.value.errors) == ["layout.sub_field"]
    assert "Z9999" in info.value.errors["layout.sub_field"][0]


# --- 第四条: duplicate layout ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("industry_innovation_center", "省级产业创新中心"),
        ("manufacturing_innovation_center", "省级制造业创新中心"),
        ("technology_innovation_center", "省级技术创新中心"),
    ],
)
def test_existing_platform_in_the_same_sub_field_fails(kind, label):
    f.PlatformFactory(name="江苏省纳米新材料平台", kind=kind, sub_field=f.sub_field("E0303"))
    report = check(**complete_layout(sub_field="E0303"))
    result = row(report, LAYOUT)
    assert result["outcome"] == "fail"
    assert f"{label}「江苏省纳米新材料平台」" in result["message"]
    assert "纳米新材料" in result["message"]
    # In principle: the province may override with a written justification.
    assert result["severity"] == "in_principle"
    assert report.verdict == "needs_override"


def test_platform_in_another_sub_field_or_inactive_does_not_count():
    f.PlatformFactory(sub_field=f.sub_field("E0303"))
    f.PlatformFactory(sub_field=f.sub_field("E0304"), is_active=False)
    assert row(check(sub_field="E0302"), LAYOUT)["outcome"] == "pass"
    assert row(check(sub_field="E0304"), LAYOUT)["outcome"] == "pass"
    assert row(check(sub_field="E0303"), LAYOUT)["outcome"] == "fail"


@pytest.mark.parametrize("status", LAYOUT_STATUSES)
def test_provincial_center_in_the_same_sub_field_fails(status):
    center = f.CenterFactory(sub_field=f.sub_field("E0201"), status=status, name="工业母机创新中心")
    result = row(check(sub_field="E0201"), LAYOUT)
    assert result["outcome"] == "fail"
    assert "省级技术创新中心「工业母机创新中心」" in result["message"]
    assert center.get_status_display() in result["message"]


@pytest.mark.parametrize("status", ["cultivating", "removed", "revoked"])
def test_cultivating_removed_or_revoked_center_does_not_occupy_the_sub_field(status):
    f.CenterFactory(sub_field=f.sub_field("E0201"), status=status)
    assert row(check(sub_field="E0201"), LAYOUT)["outcome"] == "pass"


def test_every_occupant_is_listed():
    f.PlatformFactory(name="平台甲", sub_field=f.sub_field("E0201"))
    f.CenterFactory(name="中心乙", sub_field=f.sub_field("E0201"))
    message = row(check(sub_field="E0201"), LAYOUT)["message"]
    assert "平台甲" in message and "中心乙" in message


def test_the_center_under_review_is_not_its_own_duplicate():
    center = f.CenterFactory(sub_field=f.sub_field("E0201"), status="constructing")
    profile = parse_profile(good_profile(layout={"sub_field": "E0201"}))
    assert row(evaluate(profile), LAYOUT)["outcome"] == "fail"
    assert row(evaluate(profile, exclude_center_id=center.pk), LAYOUT)["outcome"] == "pass"


# --- 第十二条第4项: the same leader -----------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "proposed", "text"),
    [
        ("director", "director_id_number", "拟任主任（{m}）已是「老中心」的主任"),
        ("director", "executive_director_id_number", "拟任执行主任（{m}）已是「老中心」的主任"),
        ("executive_director", "director_id_number", "拟任主任（{m}）已是「老中心」的执行主任"),
        (
            "executive_director",
            "executive_director_id_number",
            "拟任执行主任（{m}）已是「老中心」的执行主任",
        ),
    ],
)
def test_leader_of_a_supported_center_fails_naming_it(held, proposed, text):
    leader, id_number = person()
    f.CenterFactory(name="老中心", **{held: leader})
    report = check_profile(good_profile(layout=complete_layout(**{proposed: id_number})))
    result = row(report, REPEAT)
    assert result["outcome"] == "fail"
    assert text.format(m=idnumbers.mask(id_number)) in result["message"]
    # The clear number is never echoed back.
    assert id_number not in result["message"]
    assert report.verdict == "needs_override"


def test_leader_match_ignores_case_and_spaces():
    with_x = next(n for n in (f.make_id_number() for _ in range(200)) if n.endswith("X"))
    leader, _ = person(with_x)
    f.CenterFactory(name="老中心", director=leader)
    written = f"{with_x[:6]} {with_x[6:-1]}x"
    result = row(check(director_id_number=written), REPEAT)
    assert result["outcome"] == "fail" and "老中心" in result["message"]


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        ("operating", "fail"),
        ("constructing", "fail"),
        ("rectifying", "fail"),
        # Removed or revoked centers were supported once: the leader still counts.
        ("removed", "fail"),
        ("revoked", "fail"),
        # A cultivating center has not been supported (yet).
        ("cultivating", "pass"),
    ],
)
def test_which_centers_count_as_supported(status, outcome):
    leader, id_number = person()
    f.CenterFactory(director=leader, status=status)
    assert row(check(**complete_layout(director_id_number=id_number)), REPEAT)["outcome"] == (
        outcome
    )


def test_known_person_who_leads_nothing_passes():
    _, id_number = person()  # in the register, e.g. as someone's team member
    assert row(check(**complete_layout(director_id_number=id_number)), REPEAT)["outcome"] == (
        "pass"
    )


def test_leader_failure_is_reported_even_when_other_layout_data_is_missing():
    leader, id_number = person()
    f.CenterFactory(name="老中心", director=leader)
    result = row(check_profile(good_profile(layout={"director_id_number": id_number})), REPEAT)
    assert result["outcome"] == "fail"


def test_revoked_center_counts_for_repeat_support_but_not_for_layout():
    leader, id_number = person()
    f.CenterFactory(
        name="已撤销中心", director=leader, status="revoked", sub_field=f.sub_field("E0201")
    )
    report = check(**complete_layout(sub_field="E0201", director_id_number=id_number))
    assert row(report, LAYOUT)["outcome"] == "pass"
    assert row(report, REPEAT)["outcome"] == "fail"
    assert "已撤销中心" in row(report, REPEAT)["message"]


# --- 第十二条第4项: the same team --------------------------------------------------------------


def center_with_team(n, **kw):
    center = f.CenterFactory(**kw)
    ids = fresh_ids(n)
    for number in ids:
        f.TeamMemberFactory(center=center, person=f.PersonFactory(id_number=number))
    return center, ids


def test_team_overlap_of_exactly_half_fails():
    center, shared = center_with_team(3, name="老中心")
    team = shared + fresh_ids(3)  # 3 of 6 = 1/2
    result = row(check(**complete_layout(team_id_numbers=team)), REPEAT)
    assert result["outcome"] == "fail"
    assert "团队 6 人中有 3 人（50.00%）已是「老中心」的团队成员" in result["message"]
    assert "1/2" in result["message"]


def test_team_overlap_just_below_half_passes():
    _, shared = center_with_team(3)
    team = shared + fresh_ids(4)  # 3 of 7 < 1/2
    result = row(check(**complete_layout(team_id_numbers=team)), REPEAT)
    assert result["outcome"] == "pass"
    assert "7 名团队成员" in result["message"]


def test_duplicate_ids_do_not_dilute_the_overlap():
    _, shared = center_with_team(3)
    new = fresh_ids(3)
    team = shared + new + new  # 9 entries, 6 people, 3 shared: still exactly 1/2
    result = row(check(**complete_layout(team_id_numbers=team)), REPEAT)
    assert result["outcome"] == "fail" and "团队 6 人中有 3 人" in result["message"]


def test_overlap_is_counted_per_center():
    # 2 people from each of two centers in a team of 6: a third each, not one team.
    _, first = center_with_team(2)
    _, second = center_with_team(2)
    team = first + second + fresh_ids(2)
    assert row(check(**complete_layout(team_id_numbers=team)), REPEAT)["outcome"] == "pass"


def test_team_of_a_removed_center_counts_but_a_cultivating_one_does_not():
    _, removed = center_with_team(2, status="removed", name="被移出中心")
    result = row(check(**complete_layout(team_id_numbers=removed + fresh_ids(2))), REPEAT)
    assert result["outcome"] == "fail" and "被移出中心" in result["message"]
    _, cultivating = center_with_team(2, status="cultivating")
    result = row(check(**complete_layout(team_id_numbers=cultivating + fresh_ids(2))), REPEAT)
    assert result["outcome"] == "pass"


def test_same_team_ratio_comes_from_the_rule_set():
    RuleSet.objects.create(
        code="2027.1",
        title="x",
        effective_from=dt.date(2027, 1, 1),
        thresholds=dict(FIRST_VERSION, same_team_ratio="1/3"),
    )
    _, shared = center_with_team(2)
    team = shared + fresh_ids(4)  # 2 of 6 = 1/3
    data = good_profile(layout=complete_layout(team_id_numbers=team))
    assert row(check_profile(dict(data, as_of="2026-12-31")), REPEAT)["outcome"] == "pass"
    result = row(check_profile(dict(data, as_of="2027-01-01")), REPEAT)
    assert result["outcome"] == "fail" and "1/3" in result["message"]


def test_own_center_is_excluded_from_repeat_support():
    leader, id_number = person()
    center, shared = center_with_team(3, director=leader)
    profile = parse_profile(
        good_profile(layout=complete_layout(director_id_number=id_number, team_id_numbers=shared))
    )
    assert row(evaluate(profile), REPEAT)["outcome"] == "fail"
    assert row(evaluate(profile, exclude_center_id=center.pk), REPEAT)["outcome"] == "pass"


@pytest.mark.django_db
def test_headquarters_and_branches_are_one_center_for_both_database_rules():
    from ticms.regulation.eligibility import evaluate
    from ticms.regulation.profile import parse_profile
    from ticms.testing import factories as fac

    hq = fac.CenterFactory(sub_field=fac.sub_field("E0201"), status="operating")
    branch = fac.CenterFactory(
        sub_field=fac.sub_field("E0201"), status="operating", headquarters=hq
    )
    sibling = fac.CenterFactory(
        sub_field=fac.sub_field("E0201"), status="operating", headquarters=hq
    )
    profile = parse_profile({"layout": {"sub_field": "E0201"}})

    def outcome(center_id):
        report = evaluate(profile, exclude_center_id=center_id)
        return next(str(f.outcome) for r, f in report.results if r.id == "A4.no_duplicate_layout")

    assert outcome(hq.pk) == "pass"
    assert outcome(branch.pk) == "pass"  # neither its headquarters nor its sibling counts
    assert outcome(sibling.pk) == "pass"
    other = fac.CenterFactory(sub_field=fac.sub_field("E0201"), status="operating")
    assert outcome(hq.pk) == "fail" and outcome(other.pk) == "fail"
