"""Pages of pairs and groups (§6), their orders and agreements, and requests about them (§4.1, §5.1)."""

from django.urls import path

from mentoring.views import pairs as views

app_name = "pairs"
urlpatterns = [
    path("", views.pair_list, name="list"),
    path("new/", views.pair_create, name="create"),
    path("consent/", views.consent_record, name="consent_record"),
    path("<uuid:pk>/", views.pair_detail, name="detail"),
    path("<uuid:pk>/order/", views.pair_order_draft, name="order_draft"),
    path("<uuid:pk>/order.pdf", views.pair_order_pdf, name="order_pdf"),
    path("<uuid:pk>/activate/", views.pair_activate, name="activate"),
    path("<uuid:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("<uuid:pk>/agreements/<uuid:agreement_pk>.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<uuid:pk>/agreements/<uuid:agreement_pk>.docx", views.agreement_docx, name="agreement_docx"),
    path("<uuid:pk>/requests/new/", views.request_submit, name="request_submit"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<uuid:pk>/decide/", views.request_decide, name="request_decide"),
]
