"""«Мой профиль» and its file of everything held about me (152-ФЗ art. 14): pages that read every school
the person belongs to, so they live above the schools' apps."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from audit.services import audit_record
from people import selectors as people_selectors
from people import signins
from people.models import Person
from people.requests import acting_person
from subjectfile.content import my_consents, subject_file
from tenants.models import School


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    """«Мой профиль»: my name, my schools and roles in each, my consents, password, sessions, API token."""
    person = acting_person(request)
    return render(request, "registration/profile.html", {
        "person": person,
        "memberships": [m for m in people_selectors.memberships_of(person) if m.is_active],
        "consents": my_consents(person),
        "token": Token.objects.filter(user=person).first(),
        "sessions": _my_sessions(request, person),
    })


def _my_sessions(request: HttpRequest, person: Person) -> list[dict[str, object]]:
    """My live sessions, each with its space's name and whether it is this one (two queries, however many)."""
    live = signins.sign_ins_live(person)
    names = dict(School.objects.filter(schema_name__in={s.schema_name for s in live})
                 .values_list("schema_name", "short_name"))
    current = request.session.session_key
    return [{"sign_in": s, "space": names.get(s.schema_name) or _("District office"),
             "current": s.session_key == current} for s in live]


@login_required
def subject_file_view(request: HttpRequest) -> HttpResponse:
    """Only the signed-in person's own file; the request is recorded (who asked, when)."""
    person = acting_person(request)
    content = json.dumps(subject_file(person), ensure_ascii=False, indent=2, sort_keys=False)
    audit_record(actor=person, action="person.subject_file_downloaded", target=person)
    response = HttpResponse(content.encode(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-data-{person.username}.json"'
    return response
