"""The demo network (ticms.demo.network): built through the services, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ticms.accounts.models import User
from ticms.centers.models import AllianceMember, Center
from ticms.centers.network import network_for_center
from ticms.centers.network_clusters import network_cluster, network_summary
from ticms.common.audit import verify_chain
from ticms.demo.network import ensure_headquarters, seed_network

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True  # seed_demo runs on development machines only


def test_seed_network_on_the_demo_province():
    call_command("seed_demo")  # which seeds the network
    province = User.objects.get(username="province")
    assert AllianceMember.objects.count() >= 8
    before = Center.objects.count()
    hq = Center.objects.get(name="江苏省集成电路设计技术创新中心")
    assert hq.branches.count() >= 2
    # The province's shared partners, counted over every center, not one page of them.
    shared = {p.name: p.centers for p in network_cluster(user=province).shared}
    assert shared["江苏芯联微电子股份有限公司"] == 3
    assert shared["常州精密数控系统有限公司"] == 2
    summary = network_summary(user=province)
    assert summary.centers == Center.objects.count() and len(summary.clusters) > 1
    _hq, family = network_for_center(user=province, pk=hq.pk)
    names = [n["name"] for n in family.graph["nodes"]]
    assert names.count("江苏芯联微电子股份有限公司") == 1
    # Entered by the centers' own liaisons, audited.
    member = AllianceMember.objects.filter(center=hq).first()
    assert member is not None
    assert verify_chain().ok
    assert seed_network(province=province) == 0
    assert Center.objects.count() == before  # the demo already has a headquarters
    # A city officer of 南京 sees the headquarters; its branches elsewhere only as stubs.
    nanjing = User.objects.get(username="nanjing")
    _hq, family = network_for_center(user=nanjing, pk=hq.pk)
    graph = family.graph
    stubs = [n for n in graph["nodes"] if n["category"] == "outside"]
    assert len(stubs) >= 2 and all(n["url"] is None for n in stubs)


def test_ensure_headquarters_registers_a_branch_where_there_is_none():
    from ticms.testing import factories as f

    province = f.province_user()
    center = f.CenterFactory(
        status="operating", approval_doc_no="苏科技函〔2020〕1号", name="江苏省测试技术创新中心"
    )
    assert ensure_headquarters(province=province) == center
    branch = center.branches.get()
    assert branch.city_id != center.city_id and branch.status == "operating"
    assert ensure_headquarters(province=province) == center
    assert center.branches.count() == 1
