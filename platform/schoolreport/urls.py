"""Pages of the final analytic report (mounted at /report/)."""

from django.urls import path

from schoolreport import views

app_name = "schoolreport"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:year>/", views.year_page, name="year"),
    path("files/<uuid:pk>/status/", views.status, name="status"),
    path("files/<uuid:pk>/pdf/", views.pdf, name="pdf"),
    path("files/<uuid:pk>/xlsx/", views.xlsx, name="xlsx"),
]
