"""Settings of the test suite (pyproject's DJANGO_SETTINGS_MODULE): DEBUG off as in production,
the development keys allowed because the suite asks for them here, plain HTTP for the test client
and the live server, and a per-process cache that each test starts empty (conftest.py)."""

import os

os.environ["DEBUG"] = "0"
os.environ["TICMS_ALLOW_DEV_KEYS"] = "1"

from .settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
