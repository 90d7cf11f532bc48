import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


STRONG = {"SECRET_KEY": "s" * 50, "TICMS_ID_HASH_KEY": "i" * 40, "TICMS_AUDIT_KEY": "a" * 40}


def _import_settings(*, code="import ticms.settings", **env):
    """A fresh process; the test run's own DEBUG, keys and permission for development keys
    (ticms/settings_test.py) are not passed on."""
    inherited = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "TICMS_ALLOW_DEV_KEYS", *STRONG}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_default_secrets():
    result = _import_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "TICMS_ID_HASH_KEY" in result.stderr and "TICMS_AUDIT_KEY" in result.stderr


def test_production_starts_with_strong_secrets():
    result = _import_settings(DEBUG="0", **STRONG)
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_set():
    code = "import ticms.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)"
    result = _import_settings(code=code, **STRONG)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_without_debug_the_development_keys_are_refused():
    result = _import_settings()
    assert result.returncode != 0
    assert "Refusing to start with DEBUG off" in result.stderr
    assert "SECRET_KEY" in result.stderr and "DEBUG=1" in result.stderr


def test_development_keys_with_debug_on():
    result = _import_settings(code="import ticms.settings as s; print(s.DEBUG)", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_test_suite_allows_the_development_keys_explicitly(settings):
    # This very run: DEBUG was off when the settings were read, on the development keys.
    assert settings.SECRET_KEY.startswith("dev-insecure")
    result = _import_settings(code="import ticms.settings_test as s; print(s.DEBUG)", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_security_headers(client, db):
    response = client.get("/portal/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
