"""integrity API."""

from ninja import Router

router = Router(tags=["integrity"])
