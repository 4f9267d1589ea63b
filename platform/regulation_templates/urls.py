"""Pages of the district's regulation template (under /templates/regulation/ at the district's host)."""

from django.urls import path

from regulation_templates import views

app_name = "regulation_templates"
urlpatterns = [
    path("", views.version_list, name="list"),
    path("new/", views.draft_create, name="draft_create"),
    path("<uuid:pk>/", views.version_detail, name="detail"),
    path("<uuid:pk>/edit/", views.draft_edit, name="edit"),
    path("<uuid:pk>/publish/", views.version_publish, name="publish"),
]
