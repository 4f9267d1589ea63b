"""Pages of the monitoring surveys (at /surveys/)."""

from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("mine/", views.mine, name="mine"),
    path("answer/<uuid:pk>/", views.answer, name="answer"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<uuid:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:pk>/open/", views.campaign_open, name="campaign_open"),
    path("campaigns/<uuid:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<uuid:pk>/results/", views.campaign_results, name="campaign_results"),
    path("questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/new/", views.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/<uuid:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("questionnaires/<uuid:pk>/edit/", views.questionnaire_edit, name="questionnaire_edit"),
    path("standard/<uuid:template_pk>/use/", views.template_use, name="template_use"),
]
