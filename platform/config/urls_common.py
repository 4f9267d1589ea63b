"""Routes every space has: login, logout, the first sign-in's password, «Мой профиль», language."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from subjectfile import views as subjectfile_views

from people import views as people_views
from people.views import SpaceLoginView, SpaceLogoutView

common_patterns = [
    path("login/", SpaceLoginView.as_view(), name="login"),
    path("logout/", SpaceLogoutView.as_view(), name="logout"),
    path("password/set/", people_views.password_set_view, name="password_set"),
    path("login/second-factor/", people_views.second_factor_verify_view, name="second_factor_verify"),
    path("profile/second-factor/", people_views.second_factor_setup_view, name="second_factor_setup"),
    path("profile/", subjectfile_views.profile_view, name="profile"),
    path("profile/password/", people_views.password_change_view, name="profile_password"),
    path("profile/sign-out-everywhere/", people_views.sign_out_everywhere_view, name="profile_sign_out"),
    path("profile/sessions/<uuid:sign_in_id>/end/", people_views.session_end_view, name="profile_session_end"),
    path("profile/my-data.json", subjectfile_views.subject_file_view, name="profile_subject_file"),
    path("invite/<uidb64>/<token>/", people_views.invitation_accept_view, name="invitation_accept"),
    path("password/reset/", people_views.SpacePasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", people_views.SpacePasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
]
