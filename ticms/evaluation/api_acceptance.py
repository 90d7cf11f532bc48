"""acceptance API."""

from ninja import Router

router = Router(tags=["acceptance"])
