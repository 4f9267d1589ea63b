"""Pages of the best practices bank (банк лучших практик, методическая копилка)."""

from django.urls import path

from practices import views

app_name = "practices"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("new/", views.practice_create, name="create"),
    path("<uuid:pk>/", views.practice_detail, name="detail"),
    path("<uuid:pk>/edit/", views.practice_edit, name="edit"),
    path("<uuid:pk>/publish/", views.practice_publish, name="publish"),
    path("<uuid:pk>/unpublish/", views.practice_unpublish, name="unpublish"),
    path("<uuid:pk>/files/new/", views.case_file_upload, name="file_upload"),
    path("files/<uuid:pk>/", views.case_file_download, name="file_download"),
    path("materials/", views.material_list, name="materials"),
    path("materials/new/", views.material_create, name="material_create"),
    path("materials/<uuid:pk>/publish/", views.material_publish, name="material_publish"),
    path("materials/<uuid:pk>/unpublish/", views.material_unpublish, name="material_unpublish"),
    path("materials/<uuid:pk>/file/", views.material_download, name="material_download"),
]
