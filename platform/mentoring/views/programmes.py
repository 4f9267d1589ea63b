"""Pages of personalised programmes: parse the form, call one service or selector, render.

Every page is for members of the school; every object is looked up through the selectors,
so that a programme someone may not see answers the same 404 as one that does not exist.
A person who sees a programme but may not take an action on it gets 404 too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from banks.models import Direction
from district.calendar import non_working_days
from mentoring.models import ActivityStatus, EarlyEndReason, ProgrammeStatus
from mentoring.selectors import meetings as meeting_selectors
from mentoring.selectors import programmes as selectors
from mentoring.services import meetings as meeting_services
from mentoring.services import (
    programme_changes,
    programme_evidence,
    programme_lifecycle,
    programme_plan,
    programme_rights,
)
from people.access import school_member_required
from people.requests import acting_person, request_membership_or_none, request_school
from service_errors import form_action, not_yours_is_404

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- forms: parsing only -----------------------------------------------------------------------------


class ProgrammeForm(forms.Form):
    pair = forms.ChoiceField(label=gettext_lazy("Pair or group"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    goals = forms.CharField(label=gettext_lazy("Goals"), widget=forms.Textarea(attrs={"rows": 3}))
    directions = forms.MultipleChoiceField(label=gettext_lazy("Directions"), choices=Direction.choices,
                                           widget=forms.CheckboxSelectMultiple, required=False)
    strengths_supported = forms.CharField(label=gettext_lazy("Strengths to support"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DATE_WIDGET,
                              help_text=gettext_lazy("From 3 months to 1 year after the start (regulation §1.2)."))

    def __init__(self, *args: Any, pairs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pairs is None:
            del self.fields["pair"]
        else:
            self.pairs = {str(pair.pk): pair for pair in pairs}
            cast(forms.ChoiceField, self.fields["pair"]).choices = [
                (key, ", ".join(f"{p.staff.full_name} ({p.get_role_display().lower()})"
                                for p in pair.current_participants) or str(pair))
                for key, pair in self.pairs.items()
            ]


class AgreementForm(forms.Form):
    """§7.2: both agreements and the reason; the service decides whether they are needed."""

    reason = forms.CharField(label=gettext_lazy("Reason for the change"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    agreed_by_mentor = forms.BooleanField(label=gettext_lazy("The mentor agrees"), required=False)
    agreed_by_mentee = forms.BooleanField(label=gettext_lazy("The mentee agrees"), required=False)


class ActivityForm(AgreementForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), required=False)
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=DATE_WIDGET)
    responsible = forms.ChoiceField(label=gettext_lazy("Responsible"))
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=[
        (ActivityStatus.PLANNED, ActivityStatus.PLANNED.label),
        (ActivityStatus.IN_PROGRESS, ActivityStatus.IN_PROGRESS.label),
        (ActivityStatus.CANCELLED, ActivityStatus.CANCELLED.label),
    ])
    field_order = ["title", "description", "direction", "deadline", "responsible", "status",
                   "reason", "agreed_by_mentor", "agreed_by_mentee"]

    def __init__(self, *args: Any, programme: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        cast(forms.ChoiceField, self.fields["responsible"]).choices = [
            (key, person.full_name) for key, person in self.people.items()]
        cast(forms.ChoiceField, self.fields["direction"]).choices = [("", _("— a strength, no difficulty —"))] + [
            (d, Direction(d).label) for d in programme.directions]
        if programme.status == ProgrammeStatus.DRAFT:
            for name in ("reason", "agreed_by_mentor", "agreed_by_mentee"):
                del self.fields[name]


class DoneForm(forms.Form):
    result = forms.CharField(label=gettext_lazy("Result"), widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy(
        "PDF, DOCX, XLSX, PPTX, ODT, JPG or PNG."))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class EndEarlyForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Reason (regulation §7.1)"), choices=EarlyEndReason.choices)
    note = forms.CharField(label=gettext_lazy("Explanation"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)
    agreed_by_mentor = forms.BooleanField(label=gettext_lazy("The mentor agrees"), required=False)
    agreed_by_mentee = forms.BooleanField(label=gettext_lazy("The mentee agrees"), required=False)


class ExtendForm(AgreementForm):
    new_ends_on = forms.DateField(label=gettext_lazy("New end date"), widget=DATE_WIDGET)
    field_order = ["new_ends_on", "reason", "agreed_by_mentor", "agreed_by_mentee"]


class AdjustForm(AgreementForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    goals = forms.CharField(label=gettext_lazy("Goals"), widget=forms.Textarea(attrs={"rows": 3}))
    directions = forms.MultipleChoiceField(label=gettext_lazy("Directions"), choices=Direction.choices,
                                           widget=forms.CheckboxSelectMultiple, required=False)
    strengths_supported = forms.CharField(label=gettext_lazy("Strengths to support"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["title", "goals", "directions", "strengths_supported", "reason", "agreed_by_mentor",
                   "agreed_by_mentee"]


# --- helpers -------------------------------------------------------------------------------------


def _form_page(request: HttpRequest, form: forms.Form, *, title: str, back: str, submit: str,
               programme: Any = None, multipart: bool = False, intro: str = "") -> HttpResponse:
    return render(request, "mentoring/programmes/form.html", {
        "form": form, "title": title, "back": back, "submit": submit, "programme": programme,
        "multipart": multipart, "intro": intro,
    })


def _programme(request: HttpRequest, pk: Any) -> Any:
    return selectors.programme_get_for(membership=request_membership_or_none(request), id=pk)


def _activity(request: HttpRequest, pk: Any) -> Any:
    return selectors.activity_get_for(membership=request_membership_or_none(request), id=pk)


def _rights(request: HttpRequest, programme: Any, *need: str,
            participants: Any = None) -> programme_rights.ProgrammeRights:
    """The person's rights on the programme; 404 unless they hold one of `need` (none: just read them)."""
    rights = programme_rights.programme_rights(membership=request_membership_or_none(request),
                                               acting_user=acting_person(request), programme=programme,
                                               participants=participants)
    if need and not any(getattr(rights, name) for name in need):
        raise Http404
    return rights


def _detail(programme: Any) -> str:
    return reverse("programmes:detail", args=[programme.pk])


# --- the programmes ----------------------------------------------------------------------------------


@school_member_required
def programme_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    overdue_only = request.GET.get("overdue") == "1"
    query = request.GET.get("q", "").strip()
    programmes = list(selectors.programmes_for(
        membership=request_membership_or_none(request), status=status, overdue_only=overdue_only, query=query))
    return render(request, "mentoring/programmes/list.html", {
        "programmes": programmes, "status": status, "overdue_only": overdue_only, "query": query,
        "statuses": ProgrammeStatus.choices,
        "may_create": selectors.pairs_open_for_programme(membership=request_membership_or_none(request)).exists(),
    })


@school_member_required
def programme_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _programme(request, pk)
    participants = selectors.programme_participants(programme)
    rights = _rights(request, programme, participants=participants)
    plan = selectors.programme_plan(programme)
    return render(request, "mentoring/programmes/detail.html", {
        "meetings": meeting_selectors.meetings_of(programme),
        "may_record_meeting": programme.status in meeting_services.WRITABLE
        and any(p.staff.person_id == request.user.pk for p in participants),
        "non_working": non_working_days(activity.deadline for activity in plan),
        "programme": programme, "plan": plan, "history": selectors.programme_history(programme),
        "participants": participants, "rights": rights,
        "today": timezone.localdate(), "overdue_total": len([a for a in plan if getattr(a, "is_overdue", False)]),
        "direction_labels": [Direction(d).label for d in programme.directions if d in Direction.values],
        "open_status": programme.status in (ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE),
    })


@school_member_required
def programme_create(request: HttpRequest) -> HttpResponse:
    pairs = list(selectors.pairs_open_for_programme(membership=request_membership_or_none(request)))
    if not pairs:
        raise Http404
    initial = {"pair": request.GET.get("pair", "")}
    form = ProgrammeForm(request.POST or None, pairs=pairs, initial=initial)
    done = form_action(request, form, lambda data: programme_lifecycle.programme_create(
        school=request_school(request), acting_user=acting_person(request), pair=form.pairs[data["pair"]],
        title=data["title"], goals=data["goals"], directions=data["directions"],
        strengths_supported=data["strengths_supported"], starts_on=data["starts_on"],
        ends_on=data["ends_on"],
    ), success=_("The programme is saved as a draft; now add its plan of activities."), then=_detail)
    return done or _form_page(request, form, title=_("New personalised programme"), back=reverse("programmes:list"),
                              submit=_("Save draft"))


@school_member_required
def programme_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _programme(request, pk)
    _rights(request, programme, "write")
    initial = {field: getattr(programme, field) for field in
               ("title", "goals", "directions", "strengths_supported", "starts_on", "ends_on")}
    form = ProgrammeForm(request.POST or None, initial=initial)
    done = form_action(request, form, lambda data: programme_lifecycle.programme_update(
        school=request_school(request), acting_user=acting_person(request), programme=programme,
        **data,
    ), success=_("The programme is saved."), then=_detail(programme))
    return done or _form_page(request, form, title=_("Edit the programme"), back=_detail(programme), submit=_("Save"),
                              programme=programme)


def _transition(service: Callable[..., Any], done: Any) -> Callable[[HttpRequest, Any], HttpResponse]:
    @school_member_required
    @require_POST
    def view(request: HttpRequest, pk: Any) -> HttpResponse:
        programme = _programme(request, pk)
        try:
            not_yours_is_404(lambda: service(school=request_school(request), acting_user=acting_person(request),
                                             programme=programme))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect(_detail(programme))

    return view


programme_approve = _transition(programme_lifecycle.programme_approve, gettext_lazy("The programme is approved."))
programme_start = _transition(programme_lifecycle.programme_start, gettext_lazy("The programme is under way."))
programme_complete = _transition(programme_lifecycle.programme_complete, gettext_lazy("The programme is completed."))


@school_member_required
def programme_end_early(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _programme(request, pk)
    rights = _rights(request, programme, "end_reasons")
    form = EndEarlyForm(request.POST or None)
    cast(forms.ChoiceField, form.fields["reason"]).choices = [(value, label) for value, label in EarlyEndReason.choices
                                     if value in rights.end_reasons]
    done = form_action(request, form, lambda data: programme_lifecycle.programme_end_early(
        school=request_school(request), acting_user=acting_person(request), programme=programme,
        **data,
    ), success=_("The programme is ended early."), then=_detail(programme))
    return done or _form_page(request, form, title=_("End the programme early"), back=_detail(programme),
                              submit=_("End early"), programme=programme)


@school_member_required
def programme_extend(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _programme(request, pk)
    _rights(request, programme, "write")
    form = ExtendForm(request.POST or None)
    done = form_action(request, form, lambda data: programme_changes.programme_extend(
        school=request_school(request), acting_user=acting_person(request), programme=programme,
        **data,
    ), success=_("The programme is extended."), then=_detail(programme))
    return done or _form_page(
        request, form, title=_("Extend the programme"), back=_detail(programme), submit=_("Extend"),
        programme=programme, intro=_(
            "By mutual consent of the mentor and the mentee (regulation §7.2). The whole programme, "
            "from its start to the new end, stays within 1 year; a longer need means a new programme."))


@school_member_required
def programme_adjust(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _programme(request, pk)
    _rights(request, programme, "write")
    initial = {field: getattr(programme, field) for field in programme_changes.ADJUSTABLE_FIELDS}
    form = AdjustForm(request.POST or None, initial=initial)
    done = form_action(request, form, lambda data: programme_changes.programme_adjust(
        school=request_school(request), acting_user=acting_person(request), programme=programme,
        changes={field: data[field] for field in programme_changes.ADJUSTABLE_FIELDS if data[field] != initial[field]},
        reason=data["reason"], agreed_by_mentor=data["agreed_by_mentor"], agreed_by_mentee=data["agreed_by_mentee"],
    ), success=_("The programme is adjusted."), then=_detail(programme))
    return done or _form_page(
        request, form, title=_("Adjust the programme"), back=_detail(programme), submit=_("Save"),
        programme=programme, intro=_("By mutual consent of the mentor and the mentee (regulation §7.2)."))


# --- the plan -----------------------------------------------------------------------------------------


def _activity_form(request: HttpRequest, programme: Any, **kwargs: Any) -> ActivityForm:
    people = selectors.responsible_choices(school=request_school(request), programme=programme)
    return ActivityForm(request.POST or None, programme=programme, people=people, **kwargs)


def _activity_data(form: ActivityForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["responsible"] = form.people[data["responsible"]]
    return data


@school_member_required
def activity_add(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _programme(request, pk)
    _rights(request, programme, "write")
    form = _activity_form(request, programme)
    done = form_action(request, form, lambda data: programme_plan.activity_add(
        school=request_school(request), acting_user=acting_person(request), programme=programme,
        **_activity_data(form),
    ), success=_("The activity is added to the plan."), then=_detail(programme))
    return done or _form_page(request, form, title=_("New activity"), back=_detail(programme), submit=_("Add"),
                              programme=programme)


@school_member_required
def activity_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    activity = _activity(request, pk)
    programme = activity.programme
    _rights(request, programme, "write")
    initial = {"title": activity.title, "description": activity.description, "direction": activity.direction,
               "deadline": activity.deadline, "responsible": str(activity.responsible_id), "status": activity.status}
    form = _activity_form(request, programme, initial=initial)
    done = form_action(request, form, lambda data: programme_plan.activity_update(
        school=request_school(request), acting_user=acting_person(request), activity=activity,
        **_activity_data(form),
    ), success=_("The activity is saved."), then=_detail(programme))
    return done or _form_page(request, form, title=_("Edit the activity"), back=_detail(programme), submit=_("Save"),
                              programme=programme)


@school_member_required
def activity_remove(request: HttpRequest, pk: Any) -> HttpResponse:
    activity = _activity(request, pk)
    programme = activity.programme
    _rights(request, programme, "write")
    form = AgreementForm(request.POST or None)
    if programme.status == ProgrammeStatus.DRAFT:
        form.fields.clear()
    done = form_action(request, form, lambda data: programme_plan.activity_remove(
        school=request_school(request), acting_user=acting_person(request), activity=activity,
        **data,
    ), success=_("The activity is removed from the plan."), then=_detail(programme))
    return done or _form_page(request, form, title=_("Remove the activity «%(title)s»") % {"title": activity.title},
                              back=_detail(programme), submit=_("Remove"), programme=programme)


@school_member_required
def activity_done(request: HttpRequest, pk: Any) -> HttpResponse:
    activity = _activity(request, pk)
    if activity.responsible.person_id != acting_person(request).pk:
        _rights(request, activity.programme, "mark_done")
    form = DoneForm(request.POST or None)
    done = form_action(request, form, lambda data: programme_plan.activity_mark_done(
        school=request_school(request), acting_user=acting_person(request), activity=activity,
        result=data["result"],
    ), success=_("The activity is marked done."), then=_detail(activity.programme))
    return done or _form_page(request, form, title=_("Mark «%(title)s» done") % {"title": activity.title},
                              back=_detail(activity.programme), submit=_("Mark done"), programme=activity.programme)


@school_member_required
def evidence_upload(request: HttpRequest, pk: Any) -> HttpResponse:
    activity = _activity(request, pk)
    if activity.responsible.person_id != acting_person(request).pk:
        _rights(request, activity.programme, "upload")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    done = form_action(request, form, lambda data: programme_evidence.evidence_upload(
        school=request_school(request), acting_user=acting_person(request), activity=activity,
        uploaded_file=data["file"], note=data["note"],
    ), success=_("The evidence is uploaded."), then=_detail(activity.programme))
    limit = f"{programme_evidence.evidence_max_bytes() / 1048576:g}"
    return done or _form_page(request, form, title=_("Evidence for «%(title)s»") % {"title": activity.title},
                              back=_detail(activity.programme), submit=_("Upload"), programme=activity.programme,
                              multipart=True, intro=_("Up to %(limit)s MB.") % {"limit": limit})


@school_member_required  # type: ignore[arg-type]
def evidence_download(request: HttpRequest, pk: Any) -> FileResponse:
    """The only way an evidence file leaves the server: after the right to its programme is checked."""
    evidence = selectors.evidence_get_for(membership=request_membership_or_none(request), id=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)
