"""campaigns pages."""

urlpatterns: list = []
