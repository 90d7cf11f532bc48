"""integrity pages."""

urlpatterns: list = []
