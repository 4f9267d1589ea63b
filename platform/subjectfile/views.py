"""«Мой профиль» → «Что платформа знает обо мне»: the subject's file as a JSON download (152-ФЗ art. 14)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from audit.services import audit_record
from people.requests import acting_person
from subjectfile.content import subject_file


@login_required
def subject_file_view(request: HttpRequest) -> HttpResponse:
    """Only the signed-in person's own file; the request is recorded (who asked, when)."""
    person = acting_person(request)
    content = json.dumps(subject_file(person), ensure_ascii=False, indent=2, sort_keys=False)
    audit_record(actor=person, action="person.subject_file_downloaded", target=person)
    response = HttpResponse(content.encode(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-data-{person.username}.json"'
    return response
