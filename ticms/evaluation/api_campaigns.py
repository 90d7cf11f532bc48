"""campaigns API."""

from ninja import Router

router = Router(tags=["campaigns"])
