"""District pages of the standard questionnaires (at /templates/surveys/)."""

from django.urls import path

from survey_templates import views

app_name = "survey_templates"
urlpatterns = [
    path("", views.template_list, name="list"),
    path("new/", views.template_create, name="create"),
    path("standard/", views.templates_default, name="defaults"),
    path("<uuid:pk>/", views.template_detail, name="detail"),
    path("<uuid:pk>/edit/", views.template_edit, name="edit"),
    path("<uuid:pk>/publish/", views.template_publish, name="publish"),
    path("<uuid:pk>/withdraw/", views.template_withdraw, name="withdraw"),
]
