"""dynamic pages."""

urlpatterns: list = []
