"""Pages of the banks part of a school's space."""

from django.urls import path
from django.views.generic import RedirectView

from banks import views

app_name = "banks"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="banks:mentee_list"), name="index"),
    path("mentees/", views.mentee_list, name="mentee_list"),
    path("mentees/add/", views.mentee_add, name="mentee_add"),
    path("mentees/<uuid:pk>/", views.mentee_detail, name="mentee_detail"),
    path("mentees/<uuid:pk>/edit/", views.mentee_edit, name="mentee_edit"),
    path("mentees/<uuid:pk>/remove/", views.mentee_remove, name="mentee_remove"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/record/", views.review_record, name="review_record"),
    path("mentors/", views.mentor_list, name="mentor_list"),
    path("mentors/add/", views.mentor_add, name="mentor_add"),
    path("mentors/<uuid:pk>/", views.mentor_detail, name="mentor_detail"),
    path("mentors/<uuid:pk>/edit/", views.mentor_edit, name="mentor_edit"),
    path("mentors/<uuid:pk>/trainings/add/", views.training_add, name="training_add"),
]
