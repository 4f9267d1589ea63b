"""Pages of the school's documents."""

from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("templates/<slug:kind>/", views.template_edit, name="template"),
    path("adopt/regulation/", views.regulation_adopt, name="regulation_adopt"),
    path("<slug:kind>/<slug:fmt>/", views.document_file, name="file"),
]
