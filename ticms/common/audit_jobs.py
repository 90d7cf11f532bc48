"""Verifying the whole audit chain from the audit page runs as a background job: at a million
events it takes seconds, too long to hold a request (issue 10)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import Role

from . import jobs, messages
from .audit import verify_chain

VERIFY = "audit.verify"
AUDIT_READERS = (Role.PROVINCE, Role.SYSADMIN)
INTACT = messages.define("audit.chain.intact", _("审计链完整：已核验 %(n)d 条事件"))
BROKEN = messages.define("audit.chain.broken", _("审计链被破坏："))


def _run(job, progress):
    report = verify_chain(progress=progress)
    if report.ok:
        return True, [messages.msg(INTACT, n=report.checked)]
    # The finding itself is a message too: both render in the reader's language.
    return False, [messages.msg(BROKEN), report.message]


jobs.register(VERIFY, may_start=lambda user: user.role in AUDIT_READERS, run=_run)
