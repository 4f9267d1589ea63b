"""The meeting log's pages, the personal calendar address and the `.ics` files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mentoring import ical
from mentoring.models import MeetingForm
from mentoring.selectors import meetings as selectors
from mentoring.selectors.programmes import activity_get_for, programme_get_for
from mentoring.services import meetings as services
from people.access import school_member_required
from people.requests import acting_person, request_membership_or_none, request_school
from service_errors import form_action
from staff.models import StaffMember
from staff.selectors import staff_for_person
from tenants.spaces import is_district

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
ICS = "text/calendar; charset=utf-8"
PAST_DAYS = 90  # how far back the feed reaches


class MeetingRecordForm(forms.Form):
    held_on = forms.DateField(label=_lazy("Date"), widget=DATE_WIDGET, input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    form = forms.ChoiceField(label=_lazy("Form"), choices=MeetingForm.choices)
    topic = forms.CharField(label=_lazy("Topic"), max_length=300)
    notes = forms.CharField(label=_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attendees = forms.ModelMultipleChoiceField(label=_lazy("Who attended"), queryset=StaffMember.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, participants: list[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = StaffMember.objects.filter(pk__in=[p.pk for p in participants])  # type: ignore[attr-defined]
        field.label_from_instance = lambda member: member.full_name  # type: ignore[attr-defined]


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@school_member_required
def meeting_record(request: HttpRequest, pk: Any) -> HttpResponse:
    """«Записать встречу»: the pair's mentor or a mentee; anyone else gets the same 404 as for a missing programme."""
    programme = programme_get_for(membership=request_membership_or_none(request), id=pk)
    participants = selectors.current_participants(programme)
    if not any(member.person_id == request.user.pk for member in participants):
        raise Http404
    form = MeetingRecordForm(request.POST or None, participants=participants, initial={
        "held_on": timezone.localdate(),
        "attendees": [member.pk for member in participants]})
    done = form_action(request, form, lambda data: services.meeting_record(
        school=request_school(request), acting_user=acting_person(request), programme=programme,
        held_on=data["held_on"], form=data["form"], topic=data["topic"], notes=data["notes"],
        attendees=list(data["attendees"]),
    ), success=_("The meeting is written in the log."), then=reverse("programmes:detail", args=[programme.pk]))
    return done or render(request, "mentoring/programmes/form.html", {
        "form": form, "programme": programme, "title": _("Record a meeting"), "submit": _("Record"),
        "back": reverse("programmes:detail", args=[programme.pk]),
        "intro": _("The mentor or a mentee writes the meeting; the curator reads the log."),
    })


@school_member_required
def activity_ics(request: HttpRequest, pk: Any) -> HttpResponse:
    activity = activity_get_for(membership=request_membership_or_none(request), id=pk)
    content = ical.calendar_ics(name=activity.title, host=request.get_host(), base_url=_base_url(request),
                                activities=[activity], meetings=[])
    return _ics(content, f"activity-{activity.pk}.ics")


@school_member_required
def meeting_ics(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting = selectors.meeting_get_for(membership=request_membership_or_none(request), id=pk)
    content = ical.calendar_ics(name=meeting.topic, host=request.get_host(), base_url=_base_url(request),
                                activities=[], meetings=[meeting])
    return _ics(content, f"meeting-{meeting.pk}.ics")


def _own_staff(request: HttpRequest) -> StaffMember:
    staff = staff_for_person(acting_person(request))
    if staff is None or staff.is_guest:
        raise Http404
    return staff


@school_member_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """«Мой календарь»: the secret address for a phone's calendar, issued, renewed or revoked by its owner."""
    staff = _own_staff(request)
    return render(request, "mentoring/calendar.html", {
        "feed": selectors.live_feed(staff), "address": request.session.pop("calendar_address", None),
    })


@school_member_required
@require_POST
def calendar_issue(request: HttpRequest) -> HttpResponse:
    staff = _own_staff(request)
    secret = services.calendar_feed_issue(school=request_school(request), acting_user=acting_person(request),
                                          staff=staff)
    # Shown once, on the next page: only the hash is kept.
    request.session["calendar_address"] = f"{_base_url(request)}/calendar/{secret}.ics"
    return redirect("calendar:page")


@school_member_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    staff = _own_staff(request)
    if services.calendar_feed_revoke(school=request_school(request), acting_user=acting_person(request), staff=staff):
        messages.success(request, _("The calendar address no longer works."))
    return redirect("calendar:page")


def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The person's activities and meetings for a calendar application: no login, the secret is the key.
    Only at the person's own school's host: another school has no such address (404), nor does a revoked one."""
    if is_district(getattr(request, "tenant", None)):
        raise Http404
    staff = selectors.feed_owner(secret)
    activities, meetings = selectors.calendar_of(staff, since=timezone.localdate() - dt.timedelta(days=PAST_DAYS))
    content = ical.calendar_ics(name=_("Mentoring — %(name)s") % {"name": staff.full_name},
                                host=request.get_host(), base_url=_base_url(request),
                                activities=activities, meetings=meetings)
    response = HttpResponse(content, content_type=ICS)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
