"""Alliance members (第十九条): who may keep the list, bad input, fill once, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.accounts import uscc as uscc_codes
from ticms.accounts.models import Organisation
from ticms.centers.models import AllianceMember
from ticms.centers.services_network import alliance_member_add, alliance_member_remove
from ticms.common.audit import verify_chain
from ticms.common.exceptions import NotFound, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent

from .network_world import build_net_world

pytestmark = pytest.mark.django_db

NEW_CODE = uscc_codes.make("91320200MA1ABCDE1")  # 无锡, not registered yet


@pytest.fixture
def net(db):
    return build_net_world()


def add(net, username, center="nj", **kw):
    w = net.world
    data = {"uscc": NEW_CODE, "name": "无锡新成员企业", "kind": "enterprise", **kw}
    return alliance_member_add(actor=net.users[username], center_id=getattr(w, center).pk, **data)


def test_province_adds_a_new_organisation_by_its_code(net):
    member = add(net, "province", joined_on=dt.date(2024, 5, 1), note="  联合攻关  ")
    org = member.organisation
    assert (org.uscc, org.name, org.kind, org.city.code) == (
        NEW_CODE,
        "无锡新成员企业",
        "enterprise",
        "320200",
    )
    assert member.note == "联合攻关" and member.joined_on == dt.date(2024, 5, 1)
    events = list(
        AuditEvent.objects.filter(action__in=["organisation.create", "center.alliance_member_add"])
        .order_by("seq")
        .values_list("action", "article", "object_id")
    )
    assert events == [
        ("organisation.create", "第十九条", str(org.pk)),
        ("center.alliance_member_add", "第十九条", str(net.world.nj.pk)),
    ]
    assert verify_chain().ok


def test_an_organisation_already_registered_is_reused_under_its_own_name(net):
    """Fill once (一数一源): the code finds the record; a differently spelled name is ignored."""
    before = Organisation.objects.count()
    member = add(net, "province", center="branch", uscc=net.x.uscc.lower(), name="别名")
    assert member.organisation == net.x and member.organisation.name == "无锡联盟企业X"
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.filter(action="organisation.create").exists()


@pytest.mark.parametrize(
    ("username", "center"),
    [("province", "nj"), ("province", "sz"), ("staff_a", "nj"), ("staff_a", "branch")],
)
def test_the_centers_staff_and_the_province_may_add(net, username, center):
    member = add(net, username, center=center)
    assert member.center == getattr(net.world, center)


@pytest.mark.parametrize(
    ("username", "center", "error"),
    [
        ("city_nj", "nj", PermissionDenied),  # sees it, does not keep it
        ("cobuilder_d", "nj", PermissionDenied),
        ("staff_c", "branch", None),  # the branch's own staff
        ("staff_c", "nj", NotFound),  # a branch's staff do not see their headquarters
        ("staff_b", "nj", NotFound),
        ("city_sz", "nj", NotFound),
        ("expert", "nj", NotFound),
        ("sysadmin", "nj", NotFound),
    ],
)
def test_who_else_may_not(net, username, center, error):
    if error is None:
        assert add(net, username, center=center).pk
        return
    with pytest.raises(error):
        add(net, username, center=center)
    assert not AllianceMember.objects.filter(organisation__uscc=NEW_CODE).exists()
    assert not Organisation.objects.filter(uscc=NEW_CODE).exists()


def test_out_of_scope_is_not_found_even_with_bad_input(net):
    """A stranger learns nothing, not even whether their input would have been accepted."""
    with pytest.raises(NotFound):
        add(net, "city_sz", uscc="bad", name="")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"uscc": ""}, "uscc", "请填写统一社会信用代码"),
        ({"uscc": "91320200MA1ABC"}, "uscc", "统一社会信用代码应为18位，当前为14位"),
        ({"uscc": NEW_CODE[:-1] + ("0" if NEW_CODE[-1] != "0" else "1")}, "uscc", "校验位错误"),
        ({"uscc": "91320200MA1ABCDEIO"}, "uscc", "不允许的字符"),
        ({"name": "   "}, "name", "请填写单位名称"),
        ({"name": "企" * 201}, "name", "单位名称不能超过200个字"),
        ({"kind": "friend"}, "kind", "请选择成员类型"),
        ({"joined_on": timezone.localdate() + dt.timedelta(days=1)}, "joined_on", "不能晚于今天"),
        ({"note": "x" * 301}, "note", "合作内容不能超过300个字"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_saved(
    net, changes, field, message
):
    before = (Organisation.objects.count(), AllianceMember.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        add(net, "province", **changes)
    assert message in str(exc.value.errors[field][0])
    assert (Organisation.objects.count(), AllianceMember.objects.count()) == before
    assert not AuditEvent.objects.filter(action="center.alliance_member_add").exists()


def test_duplicate_member_host_unit_and_co_builder_are_refused(net):
    w = net.world
    add(net, "province")
    with pytest.raises(ValidationFailed) as exc:
        add(net, "province", name="再次登记")
    assert exc.value.errors["uscc"] == ["「无锡新成员企业」已是该中心的联盟成员"]
    with pytest.raises(ValidationFailed) as exc:
        add(net, "province", uscc=w.nj.host_unit.uscc)
    assert exc.value.errors["uscc"] == ["依托单位本身不作为联盟成员登记"]
    with pytest.raises(ValidationFailed) as exc:
        add(net, "province", uscc=net.d.uscc)
    assert "已是该中心的共建单位" in exc.value.errors["uscc"][0]
    # The same organisation may join the alliance of another center.
    assert add(net, "province", center="sz").organisation.uscc == NEW_CODE


@pytest.mark.parametrize("status", ["removed", "revoked"])
def test_a_center_that_left_the_programme_is_not_changed(db, status):
    net = build_net_world(nj_status=status)
    with pytest.raises(PermissionDenied) as exc:
        add(net, "province")
    assert "已退出序列或已撤销" in str(exc.value.message)
    member = net.world.nj.alliance_members.get()
    with pytest.raises(PermissionDenied):
        alliance_member_remove(
            actor=net.users["province"], center_id=net.world.nj.pk, member_id=member.pk
        )


def test_remove(net):
    w = net.world
    member = w.nj.alliance_members.get(organisation=net.x)
    alliance_member_remove(actor=net.users["staff_a"], center_id=w.nj.pk, member_id=member.pk)
    assert not w.nj.alliance_members.exists()
    # X stays a member of sz and stays registered.
    assert w.sz.alliance_members.filter(organisation=net.x).exists()
    event = AuditEvent.objects.get(action="center.alliance_member_remove")
    assert event.before["organisation"] == net.x.uscc and event.article == "第十九条"


def test_remove_refusals(net):
    w = net.world
    nj_member = w.nj.alliance_members.get()
    sz_member = w.sz.alliance_members.get()
    province = net.users["province"]
    # A member of another center, through this center's address: not found.
    with pytest.raises(NotFound):
        alliance_member_remove(actor=province, center_id=w.nj.pk, member_id=sz_member.pk)
    with pytest.raises(NotFound):
        alliance_member_remove(actor=province, center_id=w.nj.pk, member_id="x")
    with pytest.raises(PermissionDenied):
        alliance_member_remove(
            actor=net.users["city_nj"], center_id=w.nj.pk, member_id=nj_member.pk
        )
    with pytest.raises(NotFound):
        alliance_member_remove(
            actor=net.users["staff_b"], center_id=w.nj.pk, member_id=nj_member.pk
        )
    assert AllianceMember.objects.count() == 3


def test_an_organisation_with_a_provincial_code_gets_no_city(net):
    code = uscc_codes.make("12320000MB1234567")  # issued by the province (3200)
    member = add(net, "province", uscc=code, name="省属科研院所", kind="research_institute")
    assert member.organisation.city is None
    assert member.organisation.kind == "research_institute"


def test_a_new_code_from_outside_jiangsu_is_accepted_without_a_city(net):
    code = uscc_codes.make("91110000MA1234567")  # Beijing
    member = add(net, "staff_a", uscc=code, name="北京合作企业")
    assert member.organisation.city is None
