"""Pages of personalised mentoring programmes (regulation §1.2, §7)."""

from django.urls import path

from mentoring.views import calendar as calendar_views
from mentoring.views import programmes as views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<uuid:pk>/", views.programme_detail, name="detail"),
    path("<uuid:pk>/edit/", views.programme_edit, name="edit"),
    path("<uuid:pk>/approve/", views.programme_approve, name="approve"),
    path("<uuid:pk>/start/", views.programme_start, name="start"),
    path("<uuid:pk>/complete/", views.programme_complete, name="complete"),
    path("<uuid:pk>/end-early/", views.programme_end_early, name="end_early"),
    path("<uuid:pk>/extend/", views.programme_extend, name="extend"),
    path("<uuid:pk>/adjust/", views.programme_adjust, name="adjust"),
    path("<uuid:pk>/activities/new/", views.activity_add, name="activity_add"),
    path("activities/<uuid:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<uuid:pk>/remove/", views.activity_remove, name="activity_remove"),
    path("activities/<uuid:pk>/done/", views.activity_done, name="activity_done"),
    path("activities/<uuid:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<uuid:pk>/", views.evidence_download, name="evidence_download"),
    path("<uuid:pk>/meetings/new/", calendar_views.meeting_record, name="meeting_record"),
    path("activities/<uuid:pk>.ics", calendar_views.activity_ics, name="activity_ics"),
    path("meetings/<uuid:pk>.ics", calendar_views.meeting_ics, name="meeting_ics"),
]
