from pathlib import Path

from django.conf import settings

from ticms.dashboard.lifecycles import render_markdown


def test_lifecycle_docs_match_the_transition_tables():
    path = Path(settings.BASE_DIR) / "docs" / "lifecycles.md"
    assert path.read_text(encoding="utf-8") == render_markdown(), (
        "docs/lifecycles.md is stale: run python manage.py lifecycle_docs"
    )
