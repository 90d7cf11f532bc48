"""Errors raised by services; views and the API turn them into pages and answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """Base class: carries a user-facing message (translatable)."""

    default_message = _("操作未能完成")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))


class NotFound(ServiceError):
    """Missing, or outside the actor's scope: the two must look the same."""

    default_message = _("记录不存在或无权访问")


class PermissionDenied(ServiceError):
    default_message = _("您无权执行此操作")


class Conflict(ServiceError):
    """The record is not in a state that allows the action."""

    default_message = _("当前状态下不能执行此操作")


class Throttled(ServiceError):
    """Too many requests of one kind from one client: try again after `retry_after` seconds."""

    default_message = _("操作过于频繁，请稍后再试")

    def __init__(self, message=None, *, retry_after: int = 60):
        self.retry_after = retry_after
        super().__init__(message)


class ValidationFailed(ServiceError):
    """Field-level problems; `errors` maps a field path to its messages."""

    default_message = _("提交的内容有误，请按提示修改")

    def __init__(self, errors: Mapping[str, Sequence] | None = None, message=None):
        self.errors: dict[str, list] = {k: list(v) for k, v in (errors or {}).items()}
        super().__init__(message)

    def __str__(self) -> str:  # shows up in logs and command output
        parts = [
            f"{field}: {'; '.join(str(m) for m in msgs)}" for field, msgs in self.errors.items()
        ]
        return "; ".join(parts) or str(self.message)


class GuardFailed(ServiceError):
    """A transition's guard refused; `problems` says why, with the numbers."""

    default_message = _("不满足执行此操作的条件")

    def __init__(self, problems: Sequence, message=None):
        self.problems = list(problems)
        super().__init__(message)

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.problems) or str(self.message)
