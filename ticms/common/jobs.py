"""Long work as background jobs with a progress bar: the request starts the job and answers at
once; the task worker runs it and records its progress; the job's page shows the bar.

A kind of job is a function `run(job, progress)` returning `(ok, messages)`, registered under a
name; `progress(done, total)` stores how far it got."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from . import messages
from .exceptions import NotFound, PermissionDenied
from .models import Job

KINDS: dict[str, tuple[Callable, Callable]] = {}  # kind -> (may_start(user), run)

FAILED = messages.define("job.failed", _("任务未能完成，请稍后重试或联系系统管理员"))


def register(kind: str, *, may_start: Callable, run: Callable) -> None:
    KINDS[kind] = (may_start, run)


def job_start(*, actor, kind: str) -> Job:
    """Queue a job of `kind` for `actor`; the worker runs it after the transaction commits."""
    may_start, _run = KINDS[kind]
    if not may_start(actor):
        raise PermissionDenied(_("您无权发起此项任务"))
    job = Job.objects.create(kind=kind, requested_by=actor)
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_get(*, user, pk) -> Job:
    """A job is its requester's only: anyone else gets what a missing one gets."""
    job = Job.objects.filter(pk=pk, requested_by=user).first() if user.is_authenticated else None
    if job is None:
        raise NotFound()
    return job


def job_run(job_id: int) -> Job:
    job = Job.objects.get(pk=job_id)
    if job.status not in (Job.Status.QUEUED, Job.Status.RUNNING):
        return job  # already finished: a retried task does nothing twice
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    _may_start, run = KINDS[job.kind]
    try:
        ok, message = run(job, progress)
    except Exception:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, ok=False, result=[messages.msg(FAILED)],
            finished_at=timezone.now(),
        )  # fmt: skip
        raise
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, ok=ok, result=message, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


@task()
def run_job(job_id: int) -> None:
    job_run(job_id)
