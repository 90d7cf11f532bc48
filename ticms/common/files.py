"""Stored files handed to a user: always as a download, never rendered by the browser."""

from __future__ import annotations

from django.http import FileResponse


def download_response(fieldfile, *, filename: str, content_type: str = "application/octet-stream"):
    """A private, uncached attachment response for `fieldfile`, or None when the stored file
    is gone (the caller answers 404 in its own way: a page or the API)."""
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        return None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
