"""Pages of the school's roadmap (дорожная карта)."""

from django.urls import path

from roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.roadmap_page, name="page"),
    path("create/", views.roadmap_create, name="create"),
    path("adopt/", views.roadmap_adopt, name="adopt"),
    path("stages/<uuid:stage_pk>/items/add/", views.item_add, name="item_add"),
    path("items/<uuid:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<uuid:pk>/done/", views.item_done, name="item_done"),
    path("items/<uuid:pk>/remove/", views.item_remove, name="item_remove"),
]
