"""The project's URLs plus the benchmark's floor views; used only through override_settings."""

from django.urls import path

from ticms.urls import urlpatterns as project_urlpatterns

from . import views

FLOOR_AUTH = "/bench/floor/auth/"
FLOOR_LAYOUT = "/bench/floor/layout/"
FLOOR_BARE = "/bench/floor/bare/"
FLOOR_PUBLIC_LAYOUT = "/bench/floor/public-layout/"

urlpatterns = [
    path(FLOOR_AUTH.lstrip("/"), views.floor_auth),
    path(FLOOR_LAYOUT.lstrip("/"), views.floor_layout),
    path(FLOOR_BARE.lstrip("/"), views.floor_bare),
    path(FLOOR_PUBLIC_LAYOUT.lstrip("/"), views.floor_public_layout),
    *project_urlpatterns,
]
