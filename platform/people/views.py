"""Login and logout, in whichever space the host names; the first sign-in's password and the second factor;
changing and resetting a password; invitations."""

from __future__ import annotations

import time
import uuid
from base64 import b32encode
from collections.abc import Iterator
from typing import Any

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlsafe_base64_decode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from people import second_factor, selectors, services, signins, throttle
from people.middleware import (
    SESSION_LOGIN_AT_KEY,
    SESSION_SECOND_FACTOR_KEY,
    SESSION_SEEN_AT_KEY,
    SESSION_SPACE_KEY,
)
from people.models import Person, SignIn
from people.requests import acting_person
from people.tokens import invitation_tokens, reset_tokens

SPACE_BACKEND = "people.backends.SpaceMemberBackend"


def _bind_session(request: HttpRequest) -> None:
    """A new session belongs to this space, its limits count from now (people.middleware), and it owes
    the second factor if the person has one or must (people.second_factor)."""
    now = time.time()
    state = second_factor.second_factor_state(acting_person(request))
    if state:
        request.session[SESSION_SECOND_FACTOR_KEY] = state
    request.session[SESSION_SPACE_KEY] = request.tenant.schema_name  # type: ignore[attr-defined]
    request.session[SESSION_LOGIN_AT_KEY] = now
    request.session[SESSION_SEEN_AT_KEY] = now
    signins.sign_in_note(request, person=acting_person(request), schema_name=request.tenant.schema_name)  # type: ignore[attr-defined]


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
        _bind_session(self.request)
        return response


class SpaceLogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        signins.sign_in_forget(request.session.session_key)  # the session ends: so does its row
        return super().post(request, *args, **kwargs)


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
    signins.sign_ins_forget_all(person, keep=request.session.session_key)
    messages.success(request, _("Your new password is saved. Every other device is signed out."))
    return redirect(next_page)


@login_required
@require_POST
def sign_out_everywhere_view(request: HttpRequest) -> HttpResponse:
    """«Выйти на всех устройствах»: every session of mine (this one too) and my API token end."""
    services.person_sign_out_everywhere(person=acting_person(request))
    logout(request)
    return redirect("login")


@login_required
@require_POST
def session_end_view(request: HttpRequest, sign_in_id: uuid.UUID) -> HttpResponse:
    """«Выйти» for one of my sessions in «Мой профиль»; another person's session answers 404 as a missing one."""
    person = acting_person(request)
    current = request.session.session_key
    try:
        ended = services.person_session_end(person=person, sign_in_id=sign_in_id)
    except SignIn.DoesNotExist:
        raise Http404 from None
    if ended.session_key == current:
        logout(request)
        return redirect("login")
    messages.success(request, _("The session is ended."))
    return redirect("profile")


# --- One-time links: an invitation, a password reset (people.tokens: bound to this space's host) -----


def _person_from_uid(uidb64: str) -> Person | None:
    try:
        return Person.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError, ValidationError, Person.DoesNotExist):
        return None


def invitation_accept_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The invitation e-mail's one-time link: signs the person in here, then they choose a password.
    Refused (the same page for every reason) when used, expired, made at another host, or the person
    no longer belongs to this space."""
    person = _person_from_uid(uidb64)
    valid = (
        person is not None and person.must_set_password
        and selectors.can_enter_space(person=person, space=request.tenant)  # type: ignore[attr-defined]
        and invitation_tokens().check_token(person, token)
    )
    if not valid:
        return render(request, "registration/link_invalid.html", status=404)
    if request.user.is_authenticated:
        logout(request)
    login(request, person, backend=SPACE_BACKEND)  # sets the last sign-in: the link is spent
    _bind_session(request)
    return redirect("password_set")


class SpacePasswordResetForm(PasswordResetForm):
    """Only people who may sign in at this space get the letter; the answer is the same for everyone."""

    space: object = None

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  *args: Any, **kwargs: Any) -> None:
        """The letter gets the space's address and the link whole (the host is the request's)."""
        address = f"{context['protocol']}://{context['domain']}"
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        context = {**context, "address": f"{address}/", "link": f"{address}{path}"}
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)

    def get_users(self, email: str) -> Iterator[Person]:  # type: ignore[override]
        for person in Person.objects.filter(email__iexact=email.strip(), is_active=True):
            if person.has_usable_password() and selectors.can_enter_space(person=person, space=self.space):
                yield person


class SpacePasswordResetView(auth_views.PasswordResetView):
    """«Забыли пароль?» at each space's login page: a link by e-mail, valid only at this host."""

    form_class = SpacePasswordResetForm
    token_generator = reset_tokens()
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_form(self, form_class: Any = None) -> SpacePasswordResetForm:
        form = super().get_form(form_class)
        form.space = self.request.tenant  # type: ignore[attr-defined]
        return form  # type: ignore[return-value]


class SpacePasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The reset link: a new password through people.services.password_set (every session and token end)."""

    token_generator = reset_tokens()
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def get_user(self, uidb64: str) -> Person | None:  # type: ignore[override]
        person = _person_from_uid(uidb64)
        if person is None or not person.is_active or not selectors.can_enter_space(
                person=person, space=self.request.tenant):  # type: ignore[attr-defined]
            return None
        return person

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        """A link that does not work answers 404, like anything else that is not there."""
        if not getattr(self, "validlink", False):
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[override]
        services.password_set(person=form.user, password=form.cleaned_data["new_password1"])
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        return HttpResponseRedirect(self.success_url)


# --- Second factor (people.second_factor) --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify_view(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator app, or one of the recovery codes."""
    error = ""
    if request.method == "POST":
        device = django_otp.match_token(acting_person(request), request.POST.get("code", "").strip().replace(" ", ""))
        if device is not None:
            django_otp.login(request, device)
            request.session.pop(SESSION_SECOND_FACTOR_KEY, None)
            return redirect("home")
        error = _("The code is wrong or has expired. Try the next one.")
    return render(request, "registration/second_factor_verify.html", {"error": error}, status=200)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup_view(request: HttpRequest) -> HttpResponse:
    """Setting up the authenticator app: a QR code drawn here (inline SVG), the first code, then the
    recovery codes — shown this once."""
    person = acting_person(request)
    device = second_factor.totp_device_pending(person=person)
    error = ""
    if request.method == "POST":
        enrolment = second_factor.totp_enrol_confirm(person=person, token=request.POST.get("code", ""))
        if enrolment is not None:
            django_otp.login(request, enrolment.device)
            request.session.pop(SESSION_SECOND_FACTOR_KEY, None)
            return render(request, "registration/second_factor_codes.html", {"codes": enrolment.recovery_codes})
        error = _("The code is wrong or has expired. Try the next one.")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=str(_("QR code for the app")))
    return render(request, "registration/second_factor_setup.html", {
        "qr": mark_safe(qr),  # noqa: S308 - drawn by segno from our own URL, no user input
        "secret": b32encode(device.bin_key).decode(), "error": error})
