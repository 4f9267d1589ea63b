"""Writes to the school's roadmap (дорожная карта, Приложение 2 to the regulation).

The roadmap of an academic year is copied from the district's latest published template,
its relative timing turned into dates of that year (September–August); the school then
adapts its copy. Every write is audited; a bad input changes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
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
from roadmap import selectors
from roadmap.models import Roadmap, RoadmapItem, RoadmapItemStatus, RoadmapStage
from roadmap_templates.models import RoadmapTemplate
from service_errors import field_error
from staff.models import StaffMember
from tenants.changes import school_changed
from tenants.models import School

TITLE_MAX = 500
LINK_MAX = 500
REMIND_DAYS_AHEAD = 7



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
        raise field_error("title", _("Name the activity."), "required")
    if len(text) > TITLE_MAX:
        raise field_error("title", _("This is longer than %(max)d characters.") % {"max": TITLE_MAX}, "max_length")
    return text


def _clean_deadline(deadline: dt.date | None, *, year: AcademicYear) -> dt.date:
    if deadline is None:
        raise field_error("deadline", _("Give the deadline."), "required")
    if deadline not in year:
        message = _("The deadline %(date)s is outside the academic year %(year)s: choose a date from %(first)s "
                    "to %(last)s.") % {"date": format_date(deadline), "year": str(year),
                                       "first": format_date(year.first_day), "last": format_date(year.last_day)}
        raise field_error("deadline", message, "outside_year")
    return deadline


def _clean_responsible(role: str, staff: StaffMember | None) -> tuple[str, StaffMember | None]:
    if role and role not in SchoolRole.values:
        raise field_error(
            "responsible_role", _("“%(value)s” is not a school role.") % {"value": role}, "invalid_choice")
    if staff is not None:
        locked = StaffMember.objects.filter(pk=staff.pk).first()
        if locked is None:
            raise field_error("responsible_staff", _("This staff member does not exist."), "invalid")
        if not locked.is_active:
            raise field_error("responsible_staff", _("%(name)s is deactivated and cannot be responsible.")
                         % {"name": locked.full_name}, "inactive")
        staff = locked
    if not role and staff is None:
        raise field_error("responsible_role", _("Name who is responsible: a role, a person, or both."), "required")
    return role, staff


def _clean_link(link: str) -> str:
    text = (link or "").strip()
    if not text:
        return ""
    if len(text) > LINK_MAX:
        raise field_error("evidence_link", _("The link is longer than %(max)d characters.") % {"max": LINK_MAX},
                     "max_length")
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise field_error(
            "evidence_link", _("Give a web address starting with http:// or https://."), "invalid") from None
    return text


def _locked_item(item: RoadmapItem) -> RoadmapItem:
    locked = RoadmapItem.objects.select_for_update().select_related("stage__roadmap").filter(pk=item.pk).first()
    if locked is None:
        raise field_error("item", _("This activity no longer exists."), "invalid")
    return locked


# --- The roadmap of a year ------------------------------------------------------------------------------


def roadmap_create_from_template(*, school: School, acting_user: Person | None, year: AcademicYear) -> Roadmap:
    """Copy the district's latest published roadmap template into the school's roadmap for `year`
    (Приложение 2 to the regulation: the seven stages), with the template's months turned into
    dates inside the academic year. One roadmap per year."""
    from roadmap_templates.selectors import template_latest_published
    from roadmap_templates.services import roadmap_template_default

    if not 2000 <= year.start <= 2998:
        raise field_error("year", _("Choose an academic year such as 2026/2027."), "invalid")
    if Roadmap.objects.filter(year_start=year.start).exists():
        raise field_error("year", _("The roadmap for %(year)s already exists.") % {"year": str(year)}, "exists")
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
                            responsible_role=item.responsible_role, template_item_id=item.pk)
                for stage, new_stage in zip(stages, new_stages, strict=True) for item in stage.items.all()
            ])
            school_changed()
            audit_record(actor=acting_user, action="roadmap.created", school=school, target=roadmap,
                         details={"year": str(year), "template_version": template.version})
            _record_adoption(school=school, template=template)
    except IntegrityError:  # the same year created at the same moment
        raise field_error(
            "year", _("The roadmap for %(year)s already exists.") % {"year": str(year)}, "exists") from None
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


def _record_adoption(*, school: School, template: RoadmapTemplate) -> None:
    from regulation_templates.models import TemplateKind
    from regulation_templates.services import template_adoption_record

    template_adoption_record(school=school, kind=TemplateKind.ROADMAP, template_id=template.pk,
                             version=template.version)


def roadmap_template_adopt(
    *, school: School, acting_user: Person, template: RoadmapTemplate, today: dt.date | None = None,
) -> Roadmap:
    """Adopt a newer published version of the district's roadmap template into the roadmap of the
    current academic year (Приложение 2: the school keeps one roadmap a year, adapted from the
    district's template).

    The rule, activity by activity:

    * an activity already **done** is kept as it is, whatever its source — its evidence is the
      school's record of the year;
    * an activity the school **added itself** (no template source) is kept as it is;
    * a **not-done activity that came from the template** (planned or in progress) is removed and
      the new version's activities take its place: each new activity is added to the stage of the
      same number, its month turned into a date of this year, as when a roadmap is created;
    * a new version's activity whose title is that of an activity already done in the same stage is
      not added again (it is done); one whose title is that of a removed activity keeps the person
      the school had named responsible and an «in progress» status;
    * stages take the new version's titles; a stage the new version has not got stays only while it
      still holds kept activities.

    The roadmap then records the new version (`template_id`, `template_version`). Only the holders of
    Capability.ROADMAP_EDIT adopt, only a version newer than the roadmap's, and only once the year's
    roadmap exists. Audited with what was kept, removed (titles and statuses) and added; the district's
    record of adoptions notes it.
    """
    from people import selectors as people_selectors
    from people.capabilities import Capability, can

    if not can(people_selectors.membership_in(person=acting_user, school=school), Capability.ROADMAP_EDIT):
        raise PermissionDenied
    if not template.published:
        raise field_error("version", _("This version of the template is not published."), "not_published")
    year = AcademicYear.of(_today(today))
    with transaction.atomic():
        roadmap = Roadmap.objects.select_for_update().filter(year_start=year.start).first()
        if roadmap is None:
            raise field_error("year", _("There is no roadmap for %(year)s yet: open the roadmap page to create it from "
                                   "the latest template.") % {"year": str(year)}, "no_roadmap")
        current = roadmap.template_version or 0
        if template.version <= current:
            raise field_error("version", _("The roadmap for %(year)s already follows version %(current)d of the "
                                      "template; version %(version)d is not newer.")
                         % {"year": str(year), "current": current, "version": template.version}, "not_newer")
        stages = {stage.number: stage for stage in RoadmapStage.objects.select_for_update().filter(roadmap=roadmap)}
        items = list(RoadmapItem.objects.select_for_update().filter(stage__roadmap=roadmap)
                     .select_related("stage").order_by("stage__number", "position"))
        replaced = [i for i in items if i.template_item_id is not None and i.status != RoadmapItemStatus.DONE]
        kept = [i for i in items if i not in replaced]
        done_titles = {(i.stage.number, i.title) for i in kept if i.status == RoadmapItemStatus.DONE}
        carried = {(i.stage.number, i.title): i for i in replaced}
        RoadmapItem.objects.filter(pk__in=[i.pk for i in replaced]).delete()
        added: list[RoadmapItem] = []
        for template_stage in template.stages.all():
            stage = stages.get(template_stage.number)
            if stage is None:
                stage = RoadmapStage.objects.create(roadmap=roadmap, number=template_stage.number,
                                                    title=template_stage.title)
                stages[stage.number] = stage
            elif stage.title != template_stage.title:
                stage.title = template_stage.title
                stage.save(update_fields=["title"])
            for source in template_stage.items.all():
                key = (template_stage.number, source.title)
                if key in done_titles:
                    continue
                before = carried.get(key)
                added.append(RoadmapItem(
                    stage=stage, position=source.position, title=source.title, description=source.description,
                    deadline=deadline_for_month(year, source.month), throughout_year=source.month is None,
                    responsible_role=source.responsible_role, template_item_id=source.pk,
                    responsible_staff_id=before.responsible_staff_id if before is not None else None,
                    status=(RoadmapItemStatus.IN_PROGRESS if before is not None
                            and before.status == RoadmapItemStatus.IN_PROGRESS else RoadmapItemStatus.PLANNED)))
        RoadmapItem.objects.bulk_create(added)
        in_new = {stage.number for stage in template.stages.all()}
        kept_stage_ids = {i.stage_id for i in kept}
        RoadmapStage.objects.filter(roadmap=roadmap).exclude(number__in=in_new).exclude(
            pk__in=kept_stage_ids).delete()
        roadmap.template_id, roadmap.template_version, roadmap.title = template.pk, template.version, template.name
        roadmap.save(update_fields=["template_id", "template_version", "title"])
        school_changed()
        audit_record(actor=acting_user, action="roadmap.template_adopted", school=school, target=roadmap, details={
            "year": str(year), "from_version": current, "version": template.version,
            "kept_done": len([i for i in kept if i.status == RoadmapItemStatus.DONE]),
            "kept_own": len([i for i in kept if i.template_item_id is None and i.status != RoadmapItemStatus.DONE]),
            "removed": [{"title": i.title, "stage": i.stage.number, "status": i.status,
                         "deadline": i.deadline.isoformat()} for i in replaced],
            "added": len(added),
        })
        _record_adoption(school=school, template=template)
    return roadmap


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
        school_changed()
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
            raise field_error("status", _("“%(value)s” is not a valid status.") % {"value": status}, "invalid_choice")
        if status == RoadmapItemStatus.DONE and item.status != RoadmapItemStatus.DONE:
            raise field_error("status", _("Mark the activity done with the evidence of its result."), "needs_evidence")
        before = {"title": item.title, "deadline": item.deadline.isoformat(), "status": item.status}
        item.title, item.deadline, item.description = clean_title, clean_deadline, (description or "").strip()
        item.responsible_role, item.responsible_staff = role, staff
        item.throughout_year = throughout_year
        if status != RoadmapItemStatus.DONE:
            item.done_on = None
        item.status = status
        item.save()
        school_changed()
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
            raise field_error(
                "evidence", _("Describe the result: what was done, and where it can be seen."), "required")
        link = _clean_link(evidence_link)
        day = done_on or _today()
        if day > _today():
            raise field_error("done_on", _("The date it was done cannot be in the future."), "future")
        year = AcademicYear(item.stage.roadmap.year_start)
        if selectors.is_approval_item(item) and selectors.roadmap_approval(year) is None:
            raise field_error("__all__", _(
                "The roadmap counts as approved by the director's signed order «on approving the roadmap» (or the "
                "order introducing the mentoring system): sign it in the register of orders, and this activity "
                "can be marked done."), "no_approval_order")
        item.status, item.evidence, item.evidence_link, item.done_on = RoadmapItemStatus.DONE, text, link, day
        item.save(update_fields=["status", "evidence", "evidence_link", "done_on"])
        school_changed()
        audit_record(actor=acting_user, action="roadmap.item_done", school=school, target=item,
                     details={"title": item.title, "done_on": day.isoformat()})
    return item


def roadmap_item_remove(*, school: School, acting_user: Person, item: RoadmapItem) -> None:
    """Remove an activity the school does not carry out this year."""
    with transaction.atomic():
        item = _locked_item(item)
        school_changed()
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
