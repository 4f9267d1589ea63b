"""Login and logout, in whichever space the host names; the first sign-in's password; «Мой профиль»."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from people import selectors, services, throttle
from people.middleware import SESSION_LOGIN_AT_KEY, SESSION_SEEN_AT_KEY, SESSION_SPACE_KEY
from people.requests import acting_person


class SpaceLoginView(auth_views.LoginView):
    """Log in to this space only; the session is bound to it.

    Besides the lockout per login and address (django-axes), an address with too many failed
    sign-ins, whatever the logins, waits out the window (people.throttle) — answered like a lockout.
    """

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttle.address_blocked(request):
            return render(request, "registration/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        throttle.address_failure_note(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response: HttpResponse = super().form_valid(form)
        now = time.time()
        self.request.session[SESSION_SPACE_KEY] = self.request.tenant.schema_name
        self.request.session[SESSION_LOGIN_AT_KEY] = now
        self.request.session[SESSION_SEEN_AT_KEY] = now
        return response


class SpaceLogoutView(auth_views.LogoutView):
    pass


def lockout_response(request: HttpRequest, response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes' lockout: the API's JSON error format under /api/, the page elsewhere (429 both)."""
    if request.path.startswith("/api/"):
        detail = _("Too many failed sign-in attempts. Try again later.")
        return JsonResponse({"type": "client_error", "errors": [
            {"code": "throttled", "detail": detail, "attr": None}]}, status=429)
    return render(request, "registration/locked_out.html", status=429)


@login_required
@require_http_methods(["GET", "POST"])
def password_set_view(request: HttpRequest) -> HttpResponse:
    """The first sign-in with a one-time code: choose a password before anything else."""
    person = acting_person(request)
    if not person.must_set_password:
        return redirect("profile_password")
    form = SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _password_saved(request, form.cleaned_data["new_password1"], "home")
    return render(request, "registration/password_set.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    """«Сменить пароль» from «Мой профиль»: the current password, then the new one twice."""
    form = PasswordChangeForm(acting_person(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _password_saved(request, form.cleaned_data["new_password1"], "profile")
    return render(request, "registration/password_change.html", {"form": form})


def _password_saved(request: HttpRequest, password: str, next_page: str) -> HttpResponse:
    try:
        person = services.password_set(person=acting_person(request), password=password)
    except ValidationError as error:  # the form validated already; a race with another change
        messages.error(request, " ".join(error.messages))
        return redirect(request.path)
    update_session_auth_hash(request, person)  # this session stays; every other one ends
    messages.success(request, _("Your new password is saved. Every other device is signed out."))
    return redirect(next_page)


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    """«Мой профиль»: my name, my schools and roles in each, password, devices and API token."""
    person = acting_person(request)
    token = Token.objects.filter(user=person).first()
    return render(request, "registration/profile.html", {
        "person": person,
        "memberships": [m for m in selectors.memberships_of(person) if m.is_active],
        "token": token,
    })


@login_required
@require_POST
def sign_out_everywhere_view(request: HttpRequest) -> HttpResponse:
    """«Выйти на всех устройствах»: every session of mine (this one too) and my API token end."""
    services.person_sign_out_everywhere(person=acting_person(request))
    logout(request)
    return redirect("login")
