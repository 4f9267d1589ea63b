"""Pages of the register of orders (a school's space)."""

from django.urls import path

from orders import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("new/", views.order_create, name="create"),
    path("<uuid:pk>/", views.order_detail, name="detail"),
    path("<uuid:pk>/edit/", views.order_edit, name="edit"),
    path("<uuid:pk>/sign/", views.order_sign, name="sign"),
    path("<uuid:pk>/cancel/", views.order_cancel, name="cancel"),
    path("<uuid:pk>/pdf/", views.order_pdf_view, name="pdf"),
]
