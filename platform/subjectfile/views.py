"""«Мой профиль» and its file of everything held about me (152-ФЗ art. 14): pages that read every school
the person belongs to, so they live above the schools' apps."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.authtoken.models import Token

from audit.services import audit_record
from people import selectors as people_selectors
from people.requests import acting_person
from subjectfile.content import my_consents, subject_file


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    """«Мой профиль»: my name, my schools and roles in each, my consents, password, devices and API token."""
    person = acting_person(request)
    return render(request, "registration/profile.html", {
        "person": person,
        "memberships": [m for m in people_selectors.memberships_of(person) if m.is_active],
        "consents": my_consents(person),
        "token": Token.objects.filter(user=person).first(),
    })


@login_required
def subject_file_view(request: HttpRequest) -> HttpResponse:
    """Only the signed-in person's own file; the request is recorded (who asked, when)."""
    person = acting_person(request)
    content = json.dumps(subject_file(person), ensure_ascii=False, indent=2, sort_keys=False)
    audit_record(actor=person, action="person.subject_file_downloaded", target=person)
    response = HttpResponse(content.encode(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-data-{person.username}.json"'
    return response
