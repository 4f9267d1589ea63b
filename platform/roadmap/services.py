"""Writes to the school's roadmap (дорожная карта, Приложение 2 to the regulation).

The roadmap of an academic year is copied from the district's latest published template,
its relative timing turned into dates of that year (September–August); the school then
adapts its copy. Every write is audited; a bad input changes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from formats.dates import AcademicYear, format_date
from people.models import Membership, Person
from people.roles import SchoolRole
from roadmap.models import Roadmap, RoadmapItem, RoadmapItemStatus, RoadmapStage
from staff.models import StaffMember
from tenants.models import School

TITLE_MAX = 500
LINK_MAX = 500
REMIND_DAYS_AHEAD = 7


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _today(today: dt.date | None = None) -> dt.date:
    return today or timezone.localdate()


def deadline_for_month(year: AcademicYear, month: int | None) -> dt.date:
    """The deadline of a template's timing in `year`: the last day of that month of the academic
    year (September–December of its first calendar year, January–August of its second), or the
    year's last day for «в течение года» (None)."""
    if month is None:
        return year.last_day
    calendar_year = year.start if month >= 9 else year.start + 1
    return dt.date(calendar_year, month, calendar.monthrange(calendar_year, month)[1])


# --- Checks ------------------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    text = " ".join((title or "").split())
    if not text:
        raise _error("title", _("Name the activity."), "required")
    if len(text) > TITLE_MAX:
        raise _error("title", _("This is longer than %(max)d characters.") % {"max": TITLE_MAX}, "max_length")
    return text


def _clean_deadline(deadline: dt.date | None, *, year: AcademicYear) -> dt.date:
    if deadline is None:
        raise _error("deadline", _("Give the deadline."), "required")
    if deadline not in year:
        message = _("The deadline %(date)s is outside the academic year %(year)s: choose a date from %(first)s "
                    "to %(last)s.") % {"date": format_date(deadline), "year": str(year),
                                       "first": format_date(year.first_day), "last": format_date(year.last_day)}
        raise _error("deadline", message, "outside_year")
    return deadline


def _clean_responsible(role: str, staff: StaffMember | None) -> tuple[str, StaffMember | None]:
    if role and role not in SchoolRole.values:
        raise _error("responsible_role", _("“%(value)s” is not a school role.") % {"value": role}, "invalid_choice")
    if staff is not None:
        locked = StaffMember.objects.filter(pk=staff.pk).first()
        if locked is None:
            raise _error("responsible_staff", _("This staff member does not exist."), "invalid")
        if not locked.is_active:
            raise _error("responsible_staff", _("%(name)s is deactivated and cannot be responsible.")
                         % {"name": locked.full_name}, "inactive")
        staff = locked
    if not role and staff is None:
        raise _error("responsible_role", _("Name who is responsible: a role, a person, or both."), "required")
    return role, staff


def _clean_link(link: str) -> str:
    text = (link or "").strip()
    if not text:
        return ""
    if len(text) > LINK_MAX:
        raise _error("evidence_link", _("The link is longer than %(max)d characters.") % {"max": LINK_MAX},
                     "max_length")
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise _error("evidence_link", _("Give a web address starting with http:// or https://."), "invalid") from None
    return text


def _locked_item(item: RoadmapItem) -> RoadmapItem:
    locked = RoadmapItem.objects.select_for_update().select_related("stage__roadmap").filter(pk=item.pk).first()
    if locked is None:
        raise _error("item", _("This activity no longer exists."), "invalid")
    return locked


# --- The roadmap of a year ------------------------------------------------------------------------------


def roadmap_create_from_template(*, school: School, acting_user: Person | None, year: AcademicYear) -> Roadmap:
    """Copy the district's latest published roadmap template into the school's roadmap for `year`
    (Приложение 2 to the regulation: the seven stages), with the template's months turned into
    dates inside the academic year. One roadmap per year."""
    from roadmap_templates.selectors import template_latest_published
    from roadmap_templates.services import roadmap_template_default

    if not 2000 <= year.start <= 2998:
        raise _error("year", _("Choose an academic year such as 2026/2027."), "invalid")
    if Roadmap.objects.filter(year_start=year.start).exists():
        raise _error("year", _("The roadmap for %(year)s already exists.") % {"year": str(year)}, "exists")
    template = template_latest_published()
    if template is None:
        roadmap_template_default()
        template = template_latest_published()
    assert template is not None
    try:
        with transaction.atomic():
            roadmap = Roadmap.objects.create(year_start=year.start, title=template.name, template_id=template.pk,
                                             template_version=template.version, created_by=acting_user)
            stages = list(template.stages.all())
            new_stages = RoadmapStage.objects.bulk_create(
                [RoadmapStage(roadmap=roadmap, number=stage.number, title=stage.title) for stage in stages])
            RoadmapItem.objects.bulk_create([
                RoadmapItem(stage=new_stage, position=item.position, title=item.title, description=item.description,
                            deadline=deadline_for_month(year, item.month), throughout_year=item.month is None,
                            responsible_role=item.responsible_role)
                for stage, new_stage in zip(stages, new_stages, strict=True) for item in stage.items.all()
            ])
            audit_record(actor=acting_user, action="roadmap.created", school=school, target=roadmap,
                         details={"year": str(year), "template_version": template.version})
    except IntegrityError:  # the same year created at the same moment
        raise _error("year", _("The roadmap for %(year)s already exists.") % {"year": str(year)}, "exists") from None
    return roadmap


def roadmap_ensure_current(*, school: School, today: dt.date | None = None) -> Roadmap:
    """The roadmap of the current academic year, created from the latest published template if
    missing: a new school and each new year start from the district's template."""
    year = AcademicYear.of(_today(today))
    existing = Roadmap.objects.filter(year_start=year.start).first()
    if existing is not None:
        return existing
    try:
        return roadmap_create_from_template(school=school, acting_user=None, year=year)
    except ValidationError:  # created meanwhile by someone else
        return Roadmap.objects.get(year_start=year.start)


# --- Activities --------------------------------------------------------------------------------------------


def roadmap_item_add(
    *, school: School, acting_user: Person, stage: RoadmapStage, title: str, deadline: dt.date | None,
    description: str = "", responsible_role: str = "", responsible_staff: StaffMember | None = None,
    throughout_year: bool = False,
) -> RoadmapItem:
    """Add the school's own activity to a stage of its roadmap. The deadline must fall inside the
    roadmap's academic year."""
    with transaction.atomic():
        stage = RoadmapStage.objects.select_for_update().select_related("roadmap").get(pk=stage.pk)
        clean_title = _clean_title(title)
        clean_deadline = _clean_deadline(deadline, year=stage.roadmap.year)
        role, staff = _clean_responsible(responsible_role, responsible_staff)
        position = (stage.items.aggregate(top=Max("position"))["top"] or 0) + 1
        item = RoadmapItem.objects.create(
            stage=stage, position=position, title=clean_title, description=(description or "").strip(),
            deadline=clean_deadline, throughout_year=throughout_year, responsible_role=role,
            responsible_staff=staff)
        audit_record(actor=acting_user, action="roadmap.item_added", school=school, target=item,
                     details={"stage": stage.number, "title": clean_title, "deadline": clean_deadline.isoformat()})
    return item


def roadmap_item_update(
    *, school: School, acting_user: Person, item: RoadmapItem, title: str, deadline: dt.date | None,
    description: str = "", responsible_role: str = "", responsible_staff: StaffMember | None = None,
    status: str = RoadmapItemStatus.PLANNED, throughout_year: bool = False,
) -> RoadmapItem:
    """Adapt an activity of the school's roadmap. The deadline must stay inside the academic year;
    «done» is reached through `roadmap_item_mark_done`, which records the evidence."""
    with transaction.atomic():
        item = _locked_item(item)
        clean_title = _clean_title(title)
        clean_deadline = _clean_deadline(deadline, year=item.stage.roadmap.year)
        role, staff = _clean_responsible(responsible_role, responsible_staff)
        if status not in RoadmapItemStatus.values:
            raise _error("status", _("“%(value)s” is not a valid status.") % {"value": status}, "invalid_choice")
        if status == RoadmapItemStatus.DONE and item.status != RoadmapItemStatus.DONE:
            raise _error("status", _("Mark the activity done with the evidence of its result."), "needs_evidence")
        before = {"title": item.title, "deadline": item.deadline.isoformat(), "status": item.status}
        item.title, item.deadline, item.description = clean_title, clean_deadline, (description or "").strip()
        item.responsible_role, item.responsible_staff = role, staff
        item.throughout_year = throughout_year
        if status != RoadmapItemStatus.DONE:
            item.done_on = None
        item.status = status
        item.save()
        audit_record(actor=acting_user, action="roadmap.item_updated", school=school, target=item,
                     details={"before": before, "after": {"title": item.title, "deadline": clean_deadline.isoformat(),
                                                          "status": item.status}})
    return item


def roadmap_item_mark_done(
    *, school: School, acting_user: Person, item: RoadmapItem, evidence: str, evidence_link: str = "",
    done_on: dt.date | None = None,
) -> RoadmapItem:
    """Record an activity of the roadmap as done, with the evidence of its result."""
    with transaction.atomic():
        item = _locked_item(item)
        text = (evidence or "").strip()
        if not text:
            raise _error("evidence", _("Describe the result: what was done, and where it can be seen."), "required")
        link = _clean_link(evidence_link)
        day = done_on or _today()
        if day > _today():
            raise _error("done_on", _("The date it was done cannot be in the future."), "future")
        item.status, item.evidence, item.evidence_link, item.done_on = RoadmapItemStatus.DONE, text, link, day
        item.save(update_fields=["status", "evidence", "evidence_link", "done_on"])
        audit_record(actor=acting_user, action="roadmap.item_done", school=school, target=item,
                     details={"title": item.title, "done_on": day.isoformat()})
    return item


def roadmap_item_remove(*, school: School, acting_user: Person, item: RoadmapItem) -> None:
    """Remove an activity the school does not carry out this year."""
    with transaction.atomic():
        item = _locked_item(item)
        audit_record(actor=acting_user, action="roadmap.item_removed", school=school, target=item,
                     details={"title": item.title, "stage": item.stage.number})
        item.delete()


# --- Reminders ----------------------------------------------------------------------------------------------


def _recipients(item: RoadmapItem, *, school: School) -> list[str]:
    """The responsible person's e-mail; else the e-mails of this school's holders of the responsible role."""
    staff = item.responsible_staff
    if staff is not None:
        email = staff.email or (staff.person.email if staff.person_id and staff.person else "")
        if email:
            return [email]
    if not item.responsible_role:
        return []
    emails = (Membership.objects.filter(school=school, is_active=True, person__is_active=True,
                                        roles__contains=[item.responsible_role])
              .exclude(person__email="").order_by("person__last_name").values_list("person__email", flat=True))
    return list(dict.fromkeys(emails))


def roadmap_deadlines_remind(*, school: School, today: dt.date | None = None) -> int:
    """E-mail the responsible people about the roadmap's activities due within 7 days or overdue
    (issue 4, item 7). Each activity is reminded once per deadline: `reminded_for_deadline` is
    claimed in the same transaction as the sending, so running this twice sends once; moving the
    deadline makes a new reminder due. Returns how many activities were reminded."""
    from roadmap.selectors import items_due_for_reminder

    day = _today(today)
    sent = 0
    for item_id in list(items_due_for_reminder(today=day, days_ahead=REMIND_DAYS_AHEAD).values_list("pk", flat=True)):
        with transaction.atomic():
            item = (RoadmapItem.objects.select_for_update(of=("self",))
                    .select_related("stage__roadmap", "responsible_staff__person").filter(pk=item_id).first())
            if item is None or item.status == RoadmapItemStatus.DONE or item.reminded_for_deadline == item.deadline:
                continue
            recipients = _recipients(item, school=school)
            if not recipients:
                continue  # nobody to tell: a later run, once an e-mail is known, still sends
            item.reminded_for_deadline, item.reminded_at = item.deadline, timezone.now()
            item.save(update_fields=["reminded_for_deadline", "reminded_at"])
            with translation.override(settings.LANGUAGE_CODE):
                overdue = item.deadline < day
                subject = (_("Overdue roadmap activity: %(title)s") if overdue
                           else _("Roadmap activity due soon: %(title)s")) % {"title": item.title[:120]}
                body = _(
                    "The activity «%(title)s» of the roadmap %(year)s (stage %(stage)d «%(stage_title)s») is due on "
                    "%(date)s and is not done yet.\nSchool: %(school)s.\nPlease complete it and record the evidence "
                    "of its result, or agree a new deadline."
                ) % {"title": item.title, "year": str(item.stage.roadmap.year), "stage": item.stage.number,
                     "stage_title": item.stage.title, "date": format_date(item.deadline), "school": school.short_name}
            EmailMessage(subject=subject, body=body, to=recipients).send()
            sent += 1
    if sent:
        audit_record(actor=None, action="roadmap.deadlines_reminded", school=school, details={"items": sent})
    return sent
