"""dynamic API."""

from ninja import Router

router = Router(tags=["dynamic"])
