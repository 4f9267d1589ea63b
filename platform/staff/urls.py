"""Pages of the staff part of a school's space."""

from django.urls import path

from staff import account_views, views

app_name = "staff"
urlpatterns = [
    path("", views.staff_list_view, name="list"),
    path("new/", views.staff_create_view, name="create"),
    path("import/", views.staff_import_view, name="import"),
    path("import/template.xlsx", views.staff_import_template_view, name="import_template"),
    path("accounts/", account_views.staff_accounts_bulk_view, name="accounts"),
    path("<str:staff_id>/", views.staff_detail_view, name="detail"),
    path("<str:staff_id>/edit/", views.staff_edit_view, name="edit"),
    path("<str:staff_id>/deactivate/", views.staff_deactivate_view, name="deactivate"),
    path("<str:staff_id>/account/", account_views.staff_account_view, name="account"),
    path("<str:staff_id>/account/code/", account_views.staff_account_code_view, name="account_code"),
]
