"""Where a record stands is visible: every state of every lifecycle has a colour family, each
family's badge colour passes WCAG 2.1 AA, and the pages show the state through the one badge."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.template import Context, Template

import ticms
from ticms.common import states
from ticms.common.models import Job
from ticms.common.workflow import Workflow
from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

CSS = Path(ticms.__file__).parent / "static" / "css" / "ticms.css"


def all_workflows() -> list[Workflow]:
    """Every Workflow in every `workflow*` module or package of the project, wherever it lives."""
    found = {}
    for info in pkgutil.walk_packages(ticms.__path__, "ticms."):
        if not info.name.rsplit(".", 1)[-1].startswith("workflow") or ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, Workflow):
                found[value.name] = value
    return list(found.values())


def test_the_workflows_are_found():
    names = {w.name for w in all_workflows()}
    assert {"center", "guide", "application", "annual_report", "review_panel"} <= names


@pytest.mark.parametrize("workflow", all_workflows(), ids=lambda w: w.name)
def test_every_state_of_every_lifecycle_has_a_family(workflow):
    model_name = workflow.model._meta.model_name
    families = states.STATE_FAMILIES.get(model_name)
    assert families is not None, f"ticms/common/states.py: add the lifecycle {model_name!r}"
    missing = set(workflow.states) - set(families)
    assert not missing, f"{model_name}: states without a family {sorted(missing)}"
    stale = set(families) - set(workflow.states)
    assert not stale, f"{model_name}: families for states that no longer exist {sorted(stale)}"
    assert set(families.values()) <= set(states.FAMILIES)


# Records with states that no transition table moves (the worker moves a background job).
NOT_WORKFLOWS = {"job": set(Job.Status.values)}


def test_no_family_is_left_over():
    model_names = {w.model._meta.model_name for w in all_workflows()}
    assert set(states.STATE_FAMILIES) == model_names | set(NOT_WORKFLOWS)


@pytest.mark.parametrize("model_name", sorted(NOT_WORKFLOWS))
def test_every_state_of_a_record_outside_the_tables_has_a_family(model_name):
    assert set(states.STATE_FAMILIES[model_name]) == NOT_WORKFLOWS[model_name]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)


def badge_colours() -> dict[str, tuple[str, str]]:
    css = CSS.read_text(encoding="utf-8")
    rules = re.findall(r"\.state-badge\.state-([a-z]+)\s*\{([^}]*)\}", css)
    colours = {}
    for family, body in rules:
        assert family not in colours, f"two rules for .state-{family}: keep one per family"
        background = re.search(r"background-color:\s*(#[0-9a-fA-F]{6})\b", body)
        text = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})\b", body)
        assert background and text, f".state-{family} needs a 6-digit background-color and color"
        colours[family] = (background.group(1), text.group(1))
    return colours


@pytest.mark.parametrize("family", states.FAMILIES)
def test_each_family_badge_passes_wcag_aa(family):
    colours = badge_colours()
    assert family in colours, f"ticms.css has no .state-badge.state-{family} rule"
    background, text = colours[family]
    assert contrast(background, text) >= 4.5


def test_every_css_family_is_a_known_family():
    assert set(badge_colours()) == set(states.FAMILIES)


def render(source: str, **context) -> str:
    return Template("{% load ticms_tags %}" + source).render(Context(context))


@pytest.mark.django_db
def test_the_badge_shows_the_label_in_the_state_family_colour():
    center = f.CenterFactory(status="rectifying")
    html = render("{% state_badge center %}", center=center)
    assert html == '<span class="badge state-badge state-warning">限期整改</span>'


def test_the_badge_for_a_row_that_is_not_a_record():
    html = render(
        '{% state_badge "annualreport" row.status row.label %}',
        row={"status": "filed", "label": "已备案"},
    )
    assert html == '<span class="badge state-badge state-success">已备案</span>'
    assert render('{% state_badge "annualreport" "" "" %}') == ""


def test_the_badge_escapes_its_label_and_an_unknown_state_is_neutral():
    html = render('{% state_badge "guide" "odd" label %}', label="<b>x</b>")
    assert html == '<span class="badge state-badge state-neutral">&lt;b&gt;x&lt;/b&gt;</span>'
    assert states.state_family("nothing", "draft") == states.NEUTRAL


@pytest.mark.django_db
def test_guide_pages_show_the_state_as_a_coloured_badge(client):
    province = f.province_user()
    guide = published_guide(province=province)
    client.force_login(province)
    listing = client.get("/establishment/guides/").content.decode()
    assert '<span class="badge state-badge state-progress">已发布</span>' in listing
    detail = client.get(f"/establishment/guides/{guide.pk}/").content.decode()
    assert '<span class="badge state-badge state-progress">已发布</span>' in detail
    # The old per-state classes had no colour for most states (white on transparent).
    assert "status-badge" not in listing + detail


@pytest.mark.django_db
def test_center_list_shows_each_state_in_its_family_colour(client):
    province = f.province_user()
    f.CenterFactory(status="operating")
    f.CenterFactory(status="revoked")
    client.force_login(province)
    html = client.get("/centers/").content.decode()
    assert '<span class="badge state-badge state-success">运行中</span>' in html
    assert '<span class="badge state-badge state-danger">已撤销</span>' in html
