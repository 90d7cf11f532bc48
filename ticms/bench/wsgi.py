"""gunicorn entry point of the benchmark's loopback load: the project's application, run with
the development keys (DEBUG=1 in the environment) but DEBUG off in the process, so no query is
logged and no debug path is taken — as the in-process measurements do with override_settings."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ticms.settings")
application = get_wsgi_application()
# Before the first request: the template engines are built lazily and read it then.
settings.DEBUG = False
