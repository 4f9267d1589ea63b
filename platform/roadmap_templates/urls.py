"""Pages of the district's roadmap template (under /templates/roadmap/ at the district's host)."""

from django.urls import path

from roadmap_templates import views

app_name = "roadmap_templates"
urlpatterns = [
    path("", views.template_list, name="list"),
    path("new/", views.draft_create, name="draft_create"),
    path("<uuid:pk>/", views.template_detail, name="detail"),
    path("<uuid:pk>/publish/", views.template_publish, name="publish"),
    path("stages/<uuid:stage_pk>/items/add/", views.item_add, name="item_add"),
    path("items/<uuid:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<uuid:pk>/remove/", views.item_remove, name="item_remove"),
]
