import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _import_settings(**env):
    return subprocess.run(
        [sys.executable, "-c", "import ticms.settings"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_default_secrets():
    result = _import_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "TICMS_ID_HASH_KEY" in result.stderr and "TICMS_AUDIT_KEY" in result.stderr


def test_production_starts_with_strong_secrets():
    result = _import_settings(
        DEBUG="0", SECRET_KEY="s" * 50, TICMS_ID_HASH_KEY="i" * 40, TICMS_AUDIT_KEY="a" * 40
    )
    assert result.returncode == 0, result.stderr


def test_security_headers(client, db):
    response = client.get("/portal/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
