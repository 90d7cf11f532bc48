from django.urls import path

from . import views, views_network

app_name = "centers"
urlpatterns = [
    path("", views.center_list, name="list"),
    path("export.xlsx", views.center_export, name="export"),
    path("new/", views.center_register, name="register"),
    path("<int:pk>/", views.center_detail, name="detail"),
    path("<int:pk>/edit/", views.center_edit, name="edit"),
    path("<int:pk>/team/", views.center_team, name="team"),
    path("<int:pk>/team/new/", views.center_team_member_add, name="team_add"),
    path("<int:pk>/co-builders/new/", views.center_co_builder_add, name="co_builder_add"),
    path("<int:pk>/leaders/", views.center_leaders, name="leaders"),
    path("<int:pk>/actions/<slug:action>/", views.center_action, name="action"),
    # The center network (第五条, 第十九条).
    path("network/", views_network.province_network, name="network"),
    path("<int:pk>/network/", views_network.center_network, name="center_network"),
    path("<int:pk>/alliance/", views_network.alliance_members, name="alliance"),
    path(
        "<int:pk>/alliance/<int:member_id>/remove/",
        views_network.alliance_member_remove,
        name="alliance_remove",
    ),
]
