"""The network graph names its nodes without piling labels on each other: a label that would
overlap another is hidden, and comes back when the user zooms in or points at its node. The
province overview draws clusters of centers, and a click on one opens its page (issue 10)."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ticms.testing import factories as f

from .conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The node labels ECharts shows now, as screen rectangles, and the pairs that overlap.
LABELS = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById('network-chart'));
  const data = chart.getModel().getSeriesByIndex(0).getData();
  const shown = [], hidden = [];
  for (let i = 0; i < data.count(); i++) {
    const node = data.getItemGraphicEl(i);
    const label = node && node.getSymbolPath().getTextContent();
    if (!label) continue;
    const box = node.getBoundingRect().clone();
    box.applyTransform(node.getComputedTransform());
    const where = {index: i, x: box.x + box.width / 2, y: box.y + box.height / 2};
    if (label.ignore || label.invisible) {
      // Only a node the pointer can reach (not under another node) can be pointed at.
      const hit = chart.getZr().handler.findHover(where.x, where.y).target;
      if (hit === node.getSymbolPath()) { hidden.push(where); }
      continue;
    }
    const r = label.getBoundingRect().clone();
    r.applyTransform(label.getComputedTransform());
    shown.push({text: label.style.text, x: r.x, y: r.y, w: r.width, h: r.height});
  }
  const overlaps = [];
  for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
    const a = shown[i], b = shown[j];
    if (a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1) {
      overlaps.push([a.text, b.text]);
    }
  }
  return {nodes: data.count(), shown: shown.length, hidden: hidden, overlaps: overlaps};
}"""
LABEL_SHOWN = """(index) => {
  const chart = echarts.getInstanceByDom(document.getElementById('network-chart'));
  const node = chart.getModel().getSeriesByIndex(0).getData().getItemGraphicEl(index);
  const label = node.getSymbolPath().getTextContent();
  return !label.ignore && !label.invisible;
}"""


NODE_CENTERS = """() => {
  // Where each node is drawn, in page pixels relative to the chart.
  const chart = echarts.getInstanceByDom(document.getElementById('network-chart'));
  const data = chart.getModel().getSeriesByIndex(0).getData();
  const found = {};
  for (let i = 0; i < data.count(); i++) {
    const node = data.getItemGraphicEl(i);
    const box = node.getBoundingRect().clone();
    box.applyTransform(node.getComputedTransform());
    found[data.getRawDataItem(i).id] = {x: box.x + box.width / 2, y: box.y + box.height / 2};
  }
  return found;
}"""


@pytest.fixture
def crowded(reference_data):
    f.province_user(username="prov")
    for n in range(14):
        center = f.CenterFactory(name=f"江苏省测试产业第{n}号技术创新中心", city=f.city("320100"))
        f.CoBuilderFactory.create_batch(3, center=center)
    f.CenterFactory(name="江苏省测试苏州技术创新中心", city=f.city("320500"))


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_network_labels_never_overlap_and_show_on_zoom_and_hover(
    browser, live_server, crowded, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server, "prov", f.PASSWORD)
    # One page of 南京's centers (the province overview shows 南京 as one node).
    page.goto(f"{live_server.url}/centers/network/?group=city&city=320100")
    chart = page.locator("#network-chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => window.echarts && echarts.getInstanceByDom(document.getElementById('network-chart'))"
    )
    page.wait_for_timeout(500)
    first = page.evaluate(LABELS)
    screenshot(page, f"network-{width}")
    assert first["overlaps"] == []
    # Crowded: some names give way, the rest stay readable.
    assert first["hidden"] and first["shown"] >= 10

    # Pointing at a node whose name is hidden shows it. The layout may still be settling on a
    # loaded machine: take the node where it is now, a few times over.
    for attempt in range(5):
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()  # in the viewport: read again after any scroll
        page.mouse.move(box["x"] + 2, box["y"] + box["height"] - 2)
        # A hidden node the pointer can reach (a phone's viewport shows part of the chart),
        # a different one on each attempt.
        reachable = [
            n
            for n in page.evaluate(LABELS)["hidden"]
            if 0 < box["x"] + n["x"] < width and 0 < box["y"] + n["y"] < height
        ]
        assert reachable, "no hidden node inside the viewport"
        hidden = reachable[attempt % len(reachable)]
        page.mouse.move(box["x"] + hidden["x"], box["y"] + hidden["y"])
        try:
            page.wait_for_function(LABEL_SHOWN, arg=hidden["index"], timeout=3000)
            break
        except PlaywrightTimeout:
            if attempt == 4:
                raise
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] - 2)

    # Zooming in makes room: more names show, still without overlapping.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(5):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(100)
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] - 2)
    page.wait_for_timeout(500)
    zoomed = page.evaluate(LABELS)
    assert zoomed["overlaps"] == []
    assert zoomed["shown"] > first["shown"]
    assert errors == []
    context.close()


def test_the_overview_opens_a_cluster_on_click(browser, live_server, crowded):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server, "prov", f.PASSWORD)
    page.goto(f"{live_server.url}/centers/network/")
    chart = page.locator("#network-chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => window.echarts && echarts.getInstanceByDom(document.getElementById('network-chart'))"
    )
    page.wait_for_timeout(500)
    screenshot(page, "network-overview")
    nodes = page.evaluate(NODE_CENTERS)
    assert set(nodes) == {"k:320100", "k:320500"}
    box = chart.bounding_box()
    nanjing = nodes["k:320100"]
    page.mouse.click(box["x"] + nanjing["x"], box["y"] + nanjing["y"])
    page.wait_for_url("**/centers/network/?group=city&city=320100")
    assert page.locator("#network-table tbody tr").count() == 10  # one page of 14
    screenshot(page, "network-cluster")
    assert errors == []
    context.close()
    # Both pages pass axe (injecting it needs the policy bypassed; the pages above ran under it).
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="zh-CN", bypass_csp=True
    )
    page = context.new_page()
    login(page, live_server, "prov", f.PASSWORD)
    for url in ("/centers/network/", "/centers/network/?group=city&city=320100&page=2"):
        page.goto(f"{live_server.url}{url}")
        assert axe_violations(page) == [], url
    context.close()
