"""acceptance pages."""

urlpatterns: list = []
