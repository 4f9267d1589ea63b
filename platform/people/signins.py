"""The person's signed-in sessions (people.models.SignIn) for «Мой профиль»: noted at sign-in and, at most
once a minute, on a request; listed while their session lives; ended through Django's session store, so a
cached session (the `cached_db` engine's Redis copy) ends too."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from people.models import Person, SignIn

_BROWSERS = (("YaBrowser", "Yandex Browser"), ("Edg", "Edge"), ("OPR", "Opera"), ("Firefox", "Firefox"),
             ("Chrome", "Chrome"), ("Safari", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def user_agent_summary(user_agent: str) -> str:
    """«Firefox, Windows» from a User-Agent header; the header itself is not kept."""
    browser = next((name for token, name in _BROWSERS if re.search(rf"\b{token}/", user_agent)), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return ", ".join(part for part in (browser, system) if part)[:100]


def _session_store(session_key: str):  # type: ignore[no-untyped-def]
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def sign_in_note(request: HttpRequest, *, person: Person, schema_name: str) -> None:
    """At sign-in: this session (its key is the new one the login cycled to) belongs to the person."""
    session = request.session
    if session.session_key is None:
        session.save()
    now = timezone.now()
    SignIn.objects.update_or_create(session_key=session.session_key, defaults={
        "person": person, "schema_name": schema_name, "signed_in_at": now, "last_seen_at": now,
        "user_agent": user_agent_summary(request.META.get("HTTP_USER_AGENT", "")),
        "address": request.META.get("REMOTE_ADDR") or None,
    })


def sign_in_seen(session_key: str | None, when: dt.datetime) -> None:
    """The middleware rewrote the session's seen mark (at most once a minute): so does the row."""
    if session_key:
        SignIn.objects.filter(session_key=session_key).update(last_seen_at=when)


def sign_in_forget(session_key: str | None) -> None:
    """The session is ending (logout, or refused by the middleware): its row goes."""
    if session_key:
        SignIn.objects.filter(session_key=session_key).delete()


def sign_ins_live(person: Person) -> list[SignIn]:
    """The person's sessions that still live: within the idle and absolute limits (people.middleware) and
    still in the session table (the `db` and `cached_db` engines both keep it). One query."""
    now = timezone.now()
    live_session = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=now)
    return list(SignIn.objects.filter(
        Exists(live_session), person=person,
        last_seen_at__gt=now - dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES),
        signed_in_at__gt=now - dt.timedelta(hours=settings.SESSION_ABSOLUTE_HOURS),
    ))


def sign_in_end(*, person: Person, sign_in_id: uuid.UUID) -> SignIn:
    """«Выйти» for one session of the person's own; another's or a missing one is SignIn.DoesNotExist."""
    sign_in = SignIn.objects.get(pk=sign_in_id, person=person)
    _session_store(sign_in.session_key).delete()
    sign_in.delete()
    return sign_in


def sign_ins_forget_all(person: Person, *, keep: str | None = None) -> None:
    """Every session of the person ended (sign out everywhere; a new password keeps only `keep`)."""
    SignIn.objects.filter(person=person).exclude(session_key=keep or "").delete()
