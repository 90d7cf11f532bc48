"""integrity pages (第二十六条)."""

from django.urls import path

from .integrity import views

urlpatterns: list = [
    path("integrity/", views.finding_list, name="integrity_list"),
    path("integrity/new/", views.finding_create, name="integrity_create"),
    path("integrity/<int:pk>/", views.finding_detail, name="integrity_detail"),
]
