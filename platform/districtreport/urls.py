"""Pages of the district's reports (mounted at /reports/ at the district's host)."""

from django.urls import path

from districtreport import views

app_name = "districtreport"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:report_id>/", views.detail, name="detail"),
    path("<str:report_id>/status/", views.status, name="status"),
    path("<str:report_id>/pdf/", views.pdf, name="pdf"),
    path("<str:report_id>/xlsx/", views.xlsx, name="xlsx"),
]
