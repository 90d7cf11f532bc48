"""Long work runs as a background job with a progress bar (issue 10): verifying the audit chain
from the audit page answers at once, the worker runs it, the job's page shows how far it got and
what came of it, in the reader's language; only its requester can see it."""

import pytest
from django.test import override_settings
from django.utils import translation

from ticms.common import jobs
from ticms.common.audit import audit_record
from ticms.common.models import AuditEvent, Job
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def events():
    province = f.province_user()
    org = f.OrganisationFactory()
    for i in range(5):
        audit_record(actor=province, action="test.step", obj=org, after={"n": i})
    return province


@override_settings(TASKS=DATABASE)
def test_the_request_only_queues_the_job(client, events, django_capture_on_commit_callbacks):
    client.force_login(events)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/system/audit/verify/")
    job = Job.objects.get()
    assert response["Location"] == f"/system/jobs/{job.pk}/"
    assert job.status == Job.Status.QUEUED and job.requested_by == events
    page = client.get(f"/system/jobs/{job.pk}/").content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page


@override_settings(TASKS=IMMEDIATE)
def test_the_worker_runs_it_and_the_page_shows_the_result(
    client, events, django_capture_on_commit_callbacks
):
    client.force_login(events)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/system/audit/verify/")
    job = Job.objects.get()
    assert (job.status, job.ok, job.percent) == (Job.Status.DONE, True, 100)
    page = client.get(response["Location"]).content.decode()
    assert "审计链完整：已核验 5 条事件" in page
    assert "hx-trigger" not in page  # finished: the bar stops asking
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job-status"') and "<html" not in fragment
    with translation.override("en"):
        assert "5 events" in Job.objects.get().result_text


def test_a_broken_chain_is_reported_with_where(events):
    AuditEvent.objects.filter(seq=3).update(comment="悄悄改了")
    job = jobs.job_run(jobs.job_start(actor=events, kind="audit.verify").pk)
    assert job.ok is False
    assert "审计链被破坏" in job.result_text and "第 3 条事件已被篡改" in job.result_text


def test_progress_is_stored_while_it_runs(events, monkeypatch):
    from ticms.common import audit_jobs

    seen, real = [], audit_jobs.verify_chain

    def slow_verify(progress=None):
        progress(2, 5)
        seen.append(Job.objects.values_list("done", "total").get())
        return real()

    monkeypatch.setattr(audit_jobs, "verify_chain", slow_verify)
    job = jobs.job_run(jobs.job_start(actor=events, kind="audit.verify").pk)
    assert seen == [(2, 5)] and job.status == Job.Status.DONE


def test_a_failure_is_shown_not_lost(events, monkeypatch):
    from ticms.common import audit_jobs

    def boom(progress=None):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(audit_jobs, "verify_chain", boom)
    job = jobs.job_start(actor=events, kind="audit.verify")
    with pytest.raises(RuntimeError):
        jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "未能完成" in job.result_text
    # Run again (a retry): a finished job is not run twice.
    assert jobs.job_run(job.pk).status == Job.Status.FAILED


def test_only_the_requester_sees_the_job_and_only_readers_start_it(client, events):
    job = jobs.job_start(actor=events, kind="audit.verify")
    client.force_login(f.province_user())
    assert client.get(f"/system/jobs/{job.pk}/").status_code == 404
    assert client.get("/system/jobs/999999/").status_code == 404
    client.force_login(f.city_user())
    assert client.post("/system/audit/verify/").status_code == 403
    assert Job.objects.count() == 1
    client.logout()
    assert client.get(f"/system/jobs/{job.pk}/").status_code == 302
