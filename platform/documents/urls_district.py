"""The district's DOCX templates (under /templates/docx/ at the district's host)."""

from django.urls import path

from documents import views_district

app_name = "docx_templates"
urlpatterns = [
    path("", views_district.docx_template_list, name="list"),
]
