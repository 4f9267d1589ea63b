"""The public section «Наставничество» (no login) and the pages that keep its news."""

from django.urls import path

from publicpage import views

app_name = "publicpage"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("orders/<uuid:pk>/pdf/", views.public_order_pdf, name="order_pdf"),
    path("materials/<uuid:pk>/", views.public_material_download, name="material"),
    path("news/", views.news_list, name="news"),
    path("news/new/", views.news_create, name="news_create"),
    path("news/<uuid:pk>/edit/", views.news_edit, name="news_edit"),
    path("news/<uuid:pk>/publish/", views.news_publish, name="news_publish"),
    path("news/<uuid:pk>/unpublish/", views.news_unpublish, name="news_unpublish"),
]
