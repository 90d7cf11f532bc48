"""The campaign pages: each role sees its scope (第二十四条: the agency only its campaigns and
their centers; another agency's campaign is 404), the actions the table allows, and the query
count of the campaign and ranking pages does not grow with the centers."""

import pytest
from django.urls import reverse

from ticms.common import jobs
from ticms.evaluation.campaigns import services
from ticms.testing import factories as f

from .campaign_fixtures import World, file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def _scored(world):
    campaign = world.opened()
    for center in world.centers_all:
        world.self_evaluate(campaign, center)
    services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="start_scoring"
    )
    world.score_all_qualitative(campaign)
    jobs.job_run(services.campaign_compute_start(actor=world.province, campaign_id=campaign.pk).pk)
    campaign.refresh_from_db()
    return campaign


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_another_agencys_campaign_is_404(client, world):
    campaign = world.opened()
    url = campaign.get_absolute_url()
    assert _get(client, world.evaluator, url).status_code == 200
    assert _get(client, world.other_evaluator, url).status_code == 404
    entry = world.entry(campaign, world.centers[0])
    assert _get(client, world.other_evaluator, entry.get_absolute_url()).status_code == 404
    assert (
        _get(client, world.other_evaluator, reverse("evaluation:campaign_list")).status_code == 200
    )
    assert campaign.name not in client.get(reverse("evaluation:campaign_list")).content.decode()


def test_city_and_center_see_only_their_own(client, world):
    campaign = world.opened()
    near, far = world.entry(campaign, world.centers[0]), world.entry(campaign, world.far_center)
    page = _get(client, world.city, campaign.get_absolute_url()).content.decode()
    assert world.centers[0].name in page and world.far_center.name not in page
    assert client.get(far.get_absolute_url()).status_code == 404
    staff = world.staff[world.centers[0].pk]
    assert _get(client, staff, near.get_absolute_url()).status_code == 200
    assert client.get(far.get_absolute_url()).status_code == 404
    assert client.get(world.entry(campaign, world.centers[1]).get_absolute_url()).status_code == 404


def test_a_draft_is_hidden_from_cities_and_centers(client, world):
    campaign = world.create()
    assert _get(client, world.city, campaign.get_absolute_url()).status_code == 404
    assert _get(client, world.evaluator, campaign.get_absolute_url()).status_code == 200


def test_province_creates_a_campaign_from_the_page(client, world):
    client.force_login(world.province)
    url = reverse("evaluation:campaign_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": ""})
    assert response.status_code == 200 and "请填写" in response.content.decode()
    data = {
        "name": "2026年度绩效评估", "year_from": world.year, "year_to": world.year,
        "system_id": world.system.pk, "agency_id": world.agency.pk,
        "self_evaluation_due": "2099-01-10", "city_check_due": "2099-01-05",
        "scoring_due": "2099-02-01",
    }  # fmt: skip
    response = client.post(url, data)
    assert "截止日期须依次为" in response.content.decode()
    data["city_check_due"] = "2099-01-20"
    response = client.post(url, data)
    assert response.status_code == 302
    assert _get(client, world.city, url).status_code == 403


def test_center_self_evaluates_through_the_action_page(client, world):
    campaign = world.opened()
    entry = world.entry(campaign, world.centers[0])
    client.force_login(world.staff[world.centers[0].pk])
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "确认数据并提交自评" in page
    url = reverse(
        "evaluation:campaign_center_action",
        args=[campaign.pk, entry.pk, "submit_self_evaluation"],
    )
    response = client.post(url, {"self_evaluation": "自评"})
    assert (
        response.status_code == 200
        and "已核对取自已备案年度报告的数据" in response.content.decode()
    )
    assert "is-invalid" in response.content.decode()
    response = client.post(url, {"self_evaluation": "自评", "data_confirmed": "on"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "self_submitted"


def test_agency_scores_a_qualitative_indicator_on_the_page(client, world):
    campaign = world.opened()
    world.self_evaluate(campaign, world.centers[0])
    services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="start_scoring"
    )
    entry = world.entry(campaign, world.centers[0])
    indicator = world.system.indicators.get(code="B3")
    client.force_login(world.evaluator)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert f"score-{indicator.pk}" in page
    url = reverse("evaluation:campaign_score", args=[campaign.pk, entry.pk, indicator.pk])
    response = client.post(url, {"score": "120", "reason": "好"})
    assert response.status_code == 400 and "须在 0 至 100 分之间" in response.content.decode()
    assert client.post(url, {"score": "85", "reason": "成效显著"}).status_code == 302
    client.force_login(world.other_evaluator)
    assert client.post(url, {"score": "10", "reason": "x"}).status_code == 404


def test_scores_show_inputs_and_working(client, world):
    campaign = _scored(world)
    entry = world.entry(campaign, world.centers[1])
    page = _get(client, world.province, entry.get_absolute_url()).content.decode()
    assert "承担项目 · 国家级 · 项目数：2" in page  # the figure and its source report
    assert "来源报告" in page and "实际值 2 " in page
    assert "评分理由：佐证充分。" in page


def test_results_are_hidden_from_centers_until_published(
    client, world, django_capture_on_commit_callbacks
):
    campaign = _scored(world)
    entry = world.entry(campaign, world.centers[0])
    staff = world.staff[world.centers[0].pk]
    page = _get(client, staff, entry.get_absolute_url()).content.decode()
    assert "综合得分" not in page
    ranking = reverse("evaluation:campaign_ranking", args=[campaign.pk])
    assert client.get(ranking).status_code == 403
    services.campaign_transition(
        actor=world.evaluator, campaign_id=campaign.pk, action="submit_results"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_transition(
            actor=world.province, campaign_id=campaign.pk, action="publish"
        )
    entry.refresh_from_db()
    page = client.get(entry.get_absolute_url()).content.decode()
    assert f"综合得分 {entry.total}" in page
    ranking_page = client.get(ranking).content.decode()
    assert world.centers[0].name in ranking_page and world.centers[1].name not in ranking_page


def test_compute_from_the_page_queues_the_job(client, world, django_capture_on_commit_callbacks):
    campaign = world.opened()
    services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="start_scoring"
    )
    client.force_login(world.evaluator)
    url = reverse("evaluation:campaign_compute", args=[campaign.pk])
    response = client.post(url)
    assert response.status_code == 302
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'id="job-status"' in page
    client.force_login(world.other_evaluator)
    assert client.post(url).status_code == 404
    client.force_login(world.city)
    assert client.post(url).status_code == 403  # sees the campaign, may not compute it


def test_ranking_excel(client, world):
    campaign = _scored(world)
    client.force_login(world.province)
    response = client.get(reverse("evaluation:campaign_ranking_excel", args=[campaign.pk]))
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("排名", "中心编号", "中心名称")
    assert len(rows) == 2 + len(world.centers_all)
    assert rows[2][0] == 1 and rows[2][1] == world.far_center.code  # the biggest figures


def test_preview_side_by_side_and_adopt(client, world):
    campaign = _scored(world)
    client.force_login(world.province)
    url = reverse("evaluation:campaign_preview", args=[campaign.pk])
    page = client.get(url, {"excellent_min": "0", "good_min": "0"}).content.decode()
    assert "现行规则" in page and "预览规则" in page
    groups = list(world.system.indicators.filter(parent__isnull=True))
    bad = {"excellent_min": "90", "good_min": "75", f"w_{groups[0].pk}": "50"}
    page = client.get(url, bad).content.decode()
    assert "一级指标权重合计须为100，当前为 135" in page
    response = client.post(url, {"excellent_min": "10", "good_min": "5"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.rating_rules["excellent_min"] == "10" and campaign.stale
    client.force_login(world.evaluator)
    assert client.get(url).status_code == 403


def _more_centers(world, campaign, n):
    from ticms.evaluation.models import CampaignCenter

    for i in range(n):
        center = f.CenterFactory()
        file_report(center, world.year, i + 1)
        CampaignCenter.objects.create(campaign=campaign, center=center, status="city_checked")


def test_campaign_and_ranking_query_counts_do_not_grow(
    client, world, django_assert_max_num_queries
):
    campaign = _scored(world)
    client.force_login(world.province)
    pages = [
        campaign.get_absolute_url(),
        reverse("evaluation:campaign_ranking", args=[campaign.pk]),
        world.entry(campaign, world.centers[0]).get_absolute_url(),
    ]
    counts = []
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in pages:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    _more_centers(world, campaign, 12)
    jobs.job_run(services.campaign_compute_start(actor=world.province, campaign_id=campaign.pk).pk)
    for url, before in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(before):
            assert client.get(url).status_code == 200


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_worker_computes_and_the_campaign_page_shows_the_result(
    client, world, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = IMMEDIATE
    campaign = world.opened()
    world.self_evaluate(campaign, world.centers[0])
    services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="start_scoring"
    )
    client.force_login(world.province)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluation:campaign_compute", args=[campaign.pk]))
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "已计算 1 家参评中心" in page and 'value="100"' in page


def test_the_preview_offers_to_adopt_only_rules_not_weights(client, world):
    campaign = _scored(world)
    client.force_login(world.province)
    url = reverse("evaluation:campaign_preview", args=[campaign.pk])
    page = client.get(url, {"excellent_min": "95", "good_min": "70"}).content.decode()
    assert '<input type="hidden" name="excellent_min" value="95">' in page
    assert "csrfmiddlewaretoken" in page.split("采用此评级规则")[0].rsplit("<form", 1)[1]
    group = world.system.indicators.filter(parent__isnull=True).first()
    weights = {f"w_{g.pk}": str(g.weight) for g in world.system.indicators.filter(parent=None)}
    weights[f"w_{group.pk}"] = str(group.weight)
    page = client.get(url, {"excellent_min": "95", "good_min": "70", **weights}).content.decode()
    assert "预览规则" in page and "采用此评级规则" not in page
