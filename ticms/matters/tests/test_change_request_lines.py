"""What a change request proposes, in lines: while open, the record as it stands beside the
proposal; once approved, the values before and after as the record's versions keep them (a later
change does not rewrite them); a co-builder leaving is never labelled as signing out."""

from __future__ import annotations

import pytest
from django.utils import translation

from ticms.matters import proposals
from ticms.testing import factories as f

from .matters_helpers import act, change, director_proposal, to_province

pytestmark = pytest.mark.django_db


def approve(world, request):
    return act(world, "province", request, "approve")


def _lines(request) -> dict[str, str]:
    return {str(label): str(text) for label, text in proposals.proposal_lines(request)}


def test_approved_director_change_shows_the_former_and_the_new_director(client, world):
    world.nj.director = f.PersonFactory(name="李四旧")
    world.nj.save()
    request = to_province(world, change(world, proposed=director_proposal("李四新")))
    open_lines = _lines(request)
    assert open_lines["现任"].startswith("李四旧") and open_lines["拟任"].startswith("李四新")
    request = approve(world, request)
    lines = _lines(request)
    assert lines["原任"].startswith("李四旧") and lines["新任"].startswith("李四新")
    assert "现任" not in lines and "拟任" not in lines
    client.force_login(world.users["city_nj"])
    page = client.get(f"/reports/changes/{request.pk}/").content.decode()
    assert "原任" in page and "李四旧" in page
    api = client.get(f"/api/v1/change-requests/{request.pk}").json()
    shown = {line["label"]: line["text"] for line in api["proposal"]}
    assert shown["原任"].startswith("李四旧") and shown["新任"].startswith("李四新")


def test_approved_executive_change_shows_the_former_one_and_full_time(world):
    world.nj.executive_director = f.PersonFactory(name="王旧执行")
    world.nj.save()
    request = approve(world, to_province(world, change(world, "executive_director")))
    lines = _lines(request)
    assert lines["原任"].startswith("王旧执行") and lines["新任"].startswith("李执行")
    assert lines["执行主任全职"] == "是"


def test_approved_text_change_shows_the_former_text(world):
    world.nj.research_directions = "原来的研发方向"
    world.nj.save()
    request = to_province(world, change(world, "research_direction"))
    assert _lines(request)["现行内容"] == "原来的研发方向"
    request = approve(world, request)
    assert _lines(request) == {"原内容": "原来的研发方向", "调整后": "新的研发方向"}
    # A later change of the same text does not rewrite what this decision changed.
    later = approve(
        world,
        to_province(world, change(world, "research_direction", proposed={"text": "第三版方向"})),
    )
    request.refresh_from_db()
    assert _lines(request) == {"原内容": "原来的研发方向", "调整后": "新的研发方向"}
    assert _lines(later) == {"原内容": "新的研发方向", "调整后": "第三版方向"}


def test_co_builder_removal_label_is_not_the_logout_msgid(world):
    f.CoBuilderFactory(center=world.nj)
    leaving = world.nj.co_builders.first().organisation.uscc
    request = change(world, "co_builders", proposed={"remove": [leaving]})
    assert [str(label) for label, _text in proposals.proposal_lines(request)] == ["退出共建"]
    with translation.override("en"):
        labels = [str(label) for label, _text in proposals.proposal_lines(request)]
        logout = translation.gettext("退出")
    assert logout not in labels
