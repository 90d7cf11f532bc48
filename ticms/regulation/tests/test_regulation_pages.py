"""The regulation pages: the 28 articles, each article with the rules citing it, the catalogue."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from ticms.regulation.models import Article, RuleSet
from ticms.regulation.thresholds import FIRST_VERSION

from .profiles import RULE_IDS

pytestmark = pytest.mark.django_db

IN_PRINCIPLE = {
    "A12.1.operation_12m",
    "A12.3.investment",
    "A12.4.no_repeat_support",
    "A4.no_duplicate_layout",
}
ROW = re.compile(
    r'<tr><td class="font-monospace">(?P<id>[^<]+)</td><td>(?P<title>[^<]*)</td>\s*'
    r"<td>(?:<a href=\"(?P<href>[^\"]+)\">)?(?P<article>[^<]+)(?:</a>)?</td>"
    r"<td>(?P<severity>[^<]+)</td></tr>"
)


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def rule_rows(html) -> dict[str, dict]:
    return {m["id"]: m.groupdict() for m in ROW.finditer(html)}


def test_index_lists_the_28_articles_by_chapter(client):
    html = page(client, "/regulation/")
    cards = re.findall(r'<div class="article-card" id="article-(\d+)">', html)
    assert [int(n) for n in cards] == list(range(1, 29))
    assert html.count('id="chapter-') == 6 * 2  # a <section> and its <h2> per chapter
    for article in Article.objects.all():
        assert f'href="/regulation/articles/{article.number}/"' in html
    # The text of 第十二条 with its numbers, as the regulation states them.
    assert "独立研发场地面积不少于5000平方米" in html
    assert "中高级职称或硕士学位以上研发人员不少于80%" in html


def test_article_12_shows_its_items_and_the_rules_citing_it(client):
    html = page(client, "/regulation/articles/12/")
    assert '<h1 class="h3">第十二条</h1>' in html
    for item in range(1, 5):
        assert f'id="item-{item}"' in html
    rows = rule_rows(html)
    assert list(rows) == [r for r in RULE_IDS if r.startswith("A12.")]
    for rule_id, row in rows.items():
        assert row["article"] == f"第十二条第{rule_id.split('.')[1]}项"
        expected = "原则性条件" if rule_id in IN_PRINCIPLE else "必备条件"
        assert row["severity"] == expected, rule_id
    assert "A4.no_duplicate_layout" not in html


def test_article_4_shows_the_layout_rule(client):
    html = page(client, "/regulation/articles/4/")
    rows = rule_rows(html)
    assert list(rows) == ["A4.no_duplicate_layout"]
    assert rows["A4.no_duplicate_layout"]["severity"] == "原则性条件"
    assert "原则上不再重复布局建设" in html


def test_article_without_rules_has_no_rule_table(client):
    html = page(client, "/regulation/articles/1/")
    assert "本条对应的系统规则" not in html
    assert "上一条" not in html and 'href="/regulation/articles/2/"' in html


def test_last_article_has_no_next_link(client):
    html = page(client, "/regulation/articles/28/")
    assert "下一条" not in html and 'href="/regulation/articles/27/"' in html


@pytest.mark.parametrize("number", [0, 29, 100])
def test_unknown_article_is_404(client, number):
    assert client.get(f"/regulation/articles/{number}/").status_code == 404


def test_rule_catalogue_lists_every_rule_with_its_article_link(client):
    html = page(client, "/regulation/rules/")
    rows = rule_rows(html)
    assert list(rows) == RULE_IDS
    assert rows["A12.1.site_area"]["href"] == "/regulation/articles/12/#item-1"
    assert rows["A12.4.team_size"]["href"] == "/regulation/articles/12/#item-4"
    assert rows["A4.no_duplicate_layout"]["href"] == "/regulation/articles/4/"
    assert rows["A4.no_duplicate_layout"]["article"] == "第四条"
    for rule_id, row in rows.items():
        assert row["severity"] == ("原则性条件" if rule_id in IN_PRINCIPLE else "必备条件")


def test_rule_catalogue_shows_the_current_thresholds(client):
    html = page(client, "/regulation/rules/")
    assert "现行阈值（规则集 2025.1，2025-01-01 起施行）" in html
    assert re.search(r"独立研发场地面积下限</th><td[^>]*>5000 m²", html)
    assert re.search(r"团队成员人数下限</th><td[^>]*>100 人", html)
    assert re.search(r"全职人员比例下限</th><td[^>]*>1/2", html)


def test_rule_catalogue_follows_the_rule_set_in_force_today(client):
    today = timezone.localdate()
    RuleSet.objects.create(
        code="future",
        title="将来的修订",
        effective_from=today + dt.timedelta(days=30),
        thresholds=dict(FIRST_VERSION, site_area_min_m2="9000"),
    )
    html = page(client, "/regulation/rules/")
    assert "规则集 2025.1" in html  # not yet in force
    assert "future · 将来的修订" in html  # but listed among the versions
    RuleSet.objects.create(
        code="now",
        title="现行修订",
        effective_from=today,
        thresholds=dict(FIRST_VERSION, site_area_min_m2="7000"),
    )
    html = page(client, "/regulation/rules/")
    assert "规则集 now" in html
    assert re.search(r"独立研发场地面积下限</th><td[^>]*>7000 m²", html)
