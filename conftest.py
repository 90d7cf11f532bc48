import pytest


@pytest.fixture(autouse=True)
def _chinese(settings):
    """Tests read the Chinese source texts unless they switch language themselves."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The real hasher costs ~0.2 s per user; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Uploaded files go to a per-test directory, never into var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Throttle counters live in the cache: each test starts from none.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests start from a flushed database: reload what the data migrations load
    (cities, articles, rule set, industry fields), with the same code."""
    from importlib import import_module

    from django.apps import apps

    for module in (
        "ticms.accounts.migrations.0002_cities",
        "ticms.regulation.migrations.0002_articles_and_first_rule_set",
        "ticms.catalog.migrations.0002_industry_fields",
    ):
        import_module(module).load(apps, None)
    for module in (
        "ticms.accounts.migrations.0006_english_names",
        "ticms.catalog.migrations.0003_english_names",
    ):
        import_module(module).fill(apps, None)
