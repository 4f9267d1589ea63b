"""Pages of the mentor exchange at a school's host (under /exchange/)."""

from django.urls import path

from exchange import views_school as views

app_name = "exchange"
urlpatterns = [
    path("", views.request_list, name="requests"),
    path("new/", views.request_new, name="request_new"),
    path("requests/<uuid:pk>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:pk>/propose/", views.request_propose, name="request_propose"),
    path("requests/<uuid:pk>/cancel/", views.request_cancel, name="request_cancel"),
    path("requests/<uuid:pk>/exclude/", views.request_exclude, name="request_exclude"),
    path("mentors/", views.school_mentors, name="school_mentors"),
    path("mentors/<uuid:pk>/decide/", views.school_decide, name="school_decide"),
    path("mentors/<uuid:pk>/record-answer/", views.school_record_answer, name="school_record_answer"),
    path("mine/", views.my_proposals, name="mine"),
    path("mine/<uuid:pk>/answer/", views.my_answer, name="my_answer"),
]
