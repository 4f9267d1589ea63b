"""Pages of the consents part of a school's space."""

from django.urls import path

from consents import views

app_name = "consents"
urlpatterns = [
    path("", views.consent_list, name="list"),
    path("mine/", views.consents_mine, name="mine"),
    path("give/", views.consent_give, name="give"),
    path("<uuid:pk>/withdraw/", views.consent_withdraw, name="withdraw"),
    path("form/<uuid:staff_id>/<str:purpose>/", views.consent_form, name="form"),
    path("form/<uuid:staff_id>/<str:purpose>/<slug:fmt>/", views.consent_form, name="form_file"),
]
