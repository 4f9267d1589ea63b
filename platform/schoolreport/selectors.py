"""Reads for the final analytic report (итоговый аналитический отчёт): its figures and its jobs.

Who sees reports: the holders of Capability.REPORT_BUILD (the director and the curator). Every lookup
by id answers the same 404 for "does not exist" and "not yours".

How the figures are counted for an academic year Y (1 September – 31 August):

* a pair or group *worked in Y* when it was activated (status not «being formed»; its start is
  `activated_on`, or `formed_on` when that is missing) on or before the last day of Y and has not
  ended before the first day of Y;
* participants are the people (distinct staff members) who were mentors or mentees of those pairs
  during Y; a group is a pair with two or more mentees in Y;
* young specialists are the active staff flagged by the district's rule; one is *covered* when they
  were a mentee of a pair that worked in Y;
* programmes *completed* / *ended early* (§7.1) are those that finished in Y; programmes *under way*
  are the others of the year's pairs that were approved and not finished by the end of Y;
* overdue activities are counted as of today (or the last day of Y, for a past year) with the
  platform's one definition (mentoring.selectors.programmes.overdue_condition);
* surveys and roadmap come from their own apps' selectors, when those are installed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from formats.dates import AcademicYear
from lookups import object_or_404
from mentoring.models import (
    Activity,
    EarlyEndReason,
    Mode,
    Pair,
    PairStatus,
    Participant,
    ParticipantRole,
    Programme,
    ProgrammeStatus,
    RoleForm,
)
from mentoring.selectors.programmes import overdue_condition
from people.capabilities import Capability, can
from people.models import Membership
from people.roles import SchoolRole
from schoolreport.models import SchoolReport
from staff.models import StaffMember
from tenants.models import School

logger = logging.getLogger(__name__)

EARLIEST_YEAR = 2000
OVERDUE_LISTED = 100  # the report lists at most this many overdue activities (all are counted)


# --- the academic year ----------------------------------------------------------------------------


def current_year(today: dt.date | None = None) -> AcademicYear:
    return AcademicYear.of(today or timezone.localdate())


def year_parse(value: AcademicYear | str, *, today: dt.date | None = None) -> AcademicYear:
    """«2025/2026» (or «2025-2026») → AcademicYear, or a ValidationError on `year` saying what is wrong."""
    year = value if isinstance(value, AcademicYear) else year_from_text(str(value or ""), today=today)
    latest = current_year(today)
    if year.start < EARLIEST_YEAR or year > latest:
        raise ValidationError({"year": ValidationError(
            _("A report can be built for an academic year from %(first)s to %(last)s, not for %(year)s.")
            % {"first": str(AcademicYear(EARLIEST_YEAR)), "last": str(latest), "year": str(year)},
            code="year_range")})
    return year


def year_from_text(value: str, *, today: dt.date | None = None) -> AcademicYear:
    """«2025/2026» (or «2025-2026») → AcademicYear; otherwise a ValidationError on `year` with an example.

    The one parse of a typed academic year: the school's report and the district's figures use it."""
    text = value.strip()
    try:
        return AcademicYear.parse(text.replace("-", "/"))
    except ValueError:
        raise ValidationError({"year": ValidationError(
            _("«%(value)s» is not an academic year: write it as two consecutive years, e.g. %(example)s.")
            % {"value": text, "example": str(current_year(today))}, code="year_format")}) from None


def year_slug(year: AcademicYear) -> str:
    """«2025-2026»: the academic year in a URL."""
    return f"{year.start}-{year.start + 1}"


# --- jobs ----------------------------------------------------------------------------------------------


def _allowed(membership: Membership | None) -> bool:
    return can(membership, Capability.REPORT_BUILD)


def reports_for(*, membership: Membership | None) -> QuerySet[SchoolReport]:
    """Every year's report of the school, newest year first (none for a person without the right)."""
    if not _allowed(membership):
        return SchoolReport.objects.none()
    return SchoolReport.objects.select_related("requested_by").order_by("-year")


def report_get_for(*, membership: Membership | None, id: Any) -> SchoolReport:  # noqa: A002 - the lookups' convention
    """One report, or 404 (missing and not-yours look the same)."""
    return object_or_404(reports_for(membership=membership), id)


def report_for_year(*, membership: Membership | None, year: AcademicYear) -> SchoolReport | None:
    """The report of `year`, if it was ever requested; 404 for a person without the right."""
    if not _allowed(membership):
        raise Http404
    return reports_for(membership=membership).filter(year=year.start).first()


def role_holder(*, school: School, role: SchoolRole) -> StaffMember | None:
    """The staff record of the person holding `role` in the school (for the signature lines)."""
    return (
        StaffMember.objects.filter(
            person__memberships__school=school, person__memberships__is_active=True,
            person__memberships__roles__contains=[role], is_active=True,
        ).order_by("last_name").first()
    )


# --- the figures ---------------------------------------------------------------------------------------


def _in_year(year: AcademicYear, start: str, end: str) -> Q:
    """The period [start, end] (end may be empty: still running) overlaps the year."""
    still_running = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": year.first_day})
    return Q(**{f"{start}__lte": year.last_day}) & still_running


def year_pairs(year: AcademicYear) -> QuerySet[Pair]:
    """The pairs and groups that worked in the year (see the module's docstring)."""
    return (
        Pair.objects.exclude(status=PairStatus.FORMING)
        .annotate(worked_from=Coalesce("activated_on", "formed_on"))
        .filter(_in_year(year, "worked_from", "ended_on"))
    )


def year_participants(year: AcademicYear) -> QuerySet[Participant]:
    return Participant.objects.filter(pair__in=year_pairs(year).values("pk")).filter(
        _in_year(year, "joined_on", "left_on"))


def participants_figures(year: AcademicYear) -> dict[str, int]:
    """Участники по ролям: distinct mentors, mentees, and people in total."""
    rows = list(year_participants(year).values_list("staff_id", "role").distinct())
    mentors = {staff for staff, role in rows if role == ParticipantRole.MENTOR}
    mentees = {staff for staff, role in rows if role == ParticipantRole.MENTEE}
    return {"mentors": len(mentors), "mentees": len(mentees), "total": len(mentors | mentees),
            "both_roles": len(mentors & mentees)}


def _coverage(staff: Any, year: AcademicYear) -> dict[str, Any]:
    """How many of `staff` there are, and how many were mentees of a pair or group of the year."""
    covered_ids = year_participants(year).filter(role=ParticipantRole.MENTEE).values("staff_id")
    counts = staff.aggregate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=covered_ids)))
    total, covered = counts["total"], counts["covered"]
    return {"total": total, "covered": covered, "not_covered": total - covered,
            "share": round(100 * covered / total, 1) if total else None}


def young_specialists_figures(year: AcademicYear) -> dict[str, Any]:
    """Молодые специалисты (the district's age and experience rule) and their coverage; beside them,
    apart, «впервые на должности» — staff new to their position who are not young specialists — and theirs.
    The two categories never overlap, so they can be added up."""
    staff = StaffMember.objects.filter(is_active=True, is_guest=False)
    return {
        **_coverage(staff.filter(is_young_specialist=True), year),
        "new_to_position": _coverage(staff.filter(is_young_specialist=False, new_to_position=True), year),
    }


def pairs_figures(year: AcademicYear) -> dict[str, Any]:
    """Пары и группы по формам (§2.3, по ролям) и видам наставничества."""
    mentee_in_year = Q(participants__role=ParticipantRole.MENTEE, participants__joined_on__lte=year.last_day) & (
        Q(participants__left_on__isnull=True) | Q(participants__left_on__gte=year.first_day))
    rows = list(year_pairs(year).annotate(mentees=Count("participants__staff", filter=mentee_in_year, distinct=True))
                .values_list("role_form", "mode", "mentees"))
    by_form: dict[str, Counter[str]] = {code: Counter() for code in RoleForm.values}
    by_mode: dict[str, Counter[str]] = {code: Counter() for code in Mode.values}
    for role_form, mode, mentees in rows:
        kind = "groups" if mentees >= 2 else "pairs"
        by_form.setdefault(role_form, Counter())[kind] += 1
        by_mode.setdefault(mode, Counter())[kind] += 1

    def table(counts: dict[str, Counter[str]]) -> list[dict[str, Any]]:
        return [{"code": code, "pairs": c["pairs"], "groups": c["groups"], "total": c["pairs"] + c["groups"]}
                for code, c in counts.items()]

    pairs = sum(1 for *_, mentees in rows if mentees < 2)
    return {"total": len(rows), "pairs": pairs, "groups": len(rows) - pairs,
            "by_form": table(by_form), "by_mode": table(by_mode)}


def programmes_figures(year: AcademicYear) -> dict[str, Any]:
    """Программы: завершённые, завершённые досрочно (по основаниям §7.1), выполняемые, проекты."""
    programmes = Programme.objects.filter(pair__in=year_pairs(year).values("pk")).filter(
        starts_on__lte=year.last_day).annotate(finished=Coalesce("finished_on", "ends_on")).filter(
        finished__gte=year.first_day)
    completed = ended_early = under_way = drafts = 0
    reasons: Counter[str] = Counter()
    for status, finished_on, reason in programmes.values_list("status", "finished_on", "end_reason"):
        finished_in_year = finished_on is not None and finished_on <= year.last_day
        if status == ProgrammeStatus.COMPLETED and finished_in_year:
            completed += 1
        elif status == ProgrammeStatus.ENDED_EARLY and finished_in_year:
            ended_early += 1
            reasons[reason] += 1
        elif status == ProgrammeStatus.DRAFT:
            drafts += 1
        else:
            under_way += 1
    return {
        "total": completed + ended_early + under_way + drafts, "completed": completed, "ended_early": ended_early,
        "under_way": under_way, "drafts": drafts,
        "early_reasons": [{"code": code, "count": reasons[code]} for code in EarlyEndReason.values],
    }


def overdue_figures(year: AcademicYear, *, today: dt.date) -> dict[str, Any]:
    """Просроченные мероприятия планов программ (as of today, or the year's last day for a past year)."""
    as_of = min(today, year.last_day)
    overdue = Activity.objects.filter(overdue_condition(as_of)).filter(
        programme__pair__in=year_pairs(year).values("pk"))
    items = [
        {"programme": programme, "activity": title, "deadline": deadline.isoformat(),
         "responsible": " ".join(part for part in (last, first, patronymic) if part),
         "days": (as_of - deadline).days}
        for programme, title, deadline, last, first, patronymic in overdue.order_by("deadline", "title").values_list(
            "programme__title", "title", "deadline", "responsible__last_name", "responsible__first_name",
            "responsible__patronymic")[:OVERDUE_LISTED]
    ]
    return {"count": overdue.count(), "as_of": as_of.isoformat(), "items": items,
            "programmes": overdue.aggregate(n=Count(F("programme_id"), distinct=True))["n"]}


# --- sections read from other apps (surveys, roadmap) ----------------------------------------------


def surveys_figures(year: AcademicYear) -> dict[str, Any]:
    """Результаты анкетирования: read through `surveys.selectors.campaign_results` for the campaigns that
    opened in the year."""
    return _guarded("surveys", lambda: _surveys_from_campaigns(year))


def roadmap_figures(year: AcademicYear, *, today: dt.date | None = None) -> dict[str, Any]:
    """Выполнение дорожной карты: read through `roadmap.selectors.roadmap_progress` for the year's roadmap."""
    return _guarded("roadmap", lambda: _roadmap_from_progress(year, today=today or timezone.localdate()))


def _guarded(app: str, read: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return read()
    except (ImportError, AttributeError):
        return {"available": False}
    except Exception:  # another app's bug must not fail the whole report
        logger.exception("reading %s for the report failed; the report says «нет данных»", app)
        return {"available": False}


def _surveys_from_campaigns(year: AcademicYear) -> dict[str, Any]:
    from surveys.models import Campaign, CampaignStatus, QuestionKind
    from surveys.selectors import campaign_results

    campaigns = list(Campaign.objects.exclude(status=CampaignStatus.DRAFT)
                     .filter(opens_on__gte=year.first_day, opens_on__lte=year.last_day).order_by("opens_on", "title"))
    if not campaigns:
        return {"available": False}
    rows: list[list[Any]] = []
    invited = respondents = 0
    for campaign in campaigns:
        results = campaign_results(campaign)
        invited += results.invited
        respondents += results.respondents
        if results.hidden:
            rows.append([campaign.title, "—", results.respondents,
                         "результаты не показываются: ответов меньше порога анонимности"])
            continue
        for result in results.questions:
            question = result.question
            if question.kind == QuestionKind.SCALE:
                outcome = ("нет ответов" if result.average is None else
                           f"средний балл {result.average:.2f} из {question.scale_max}".replace(".", ","))
            elif result.bars:
                outcome = "; ".join(f"{bar.label} — {bar.count} ({bar.percent} %)" for bar in result.bars)
            else:
                outcome = f"текстовых ответов: {len(result.texts)}"
            rows.append([campaign.title, question.text, result.answered, outcome])
    return {"available": True, "header": ["Анкетирование", "Вопрос", "Ответов", "Результат"], "rows": rows,
            "widths": [0.22, 0.34, 0.1, 0.34],
            "summary": [["Анкетирований в учебном году", len(campaigns)], ["Приглашено к ответу", invited],
                        ["Ответили", respondents]]}


def _roadmap_from_progress(year: AcademicYear, *, today: dt.date) -> dict[str, Any]:
    from django.db.models import Prefetch

    from roadmap.models import Roadmap, RoadmapItem, RoadmapStage
    from roadmap.selectors import roadmap_progress

    items = RoadmapItem.objects.order_by("position", "deadline", "title")
    stages = RoadmapStage.objects.prefetch_related(Prefetch("items", queryset=items)).order_by("number")
    roadmap = Roadmap.objects.prefetch_related(Prefetch("stages", queryset=stages)).filter(
        year_start=year.start).first()
    if roadmap is None:
        return {"available": False}
    progress = roadmap_progress(roadmap, today=min(today, year.last_day))
    rows = [[f"{stage.stage.number}. {stage.stage.title}", stage.total, stage.done, stage.overdue, stage.percent]
            for stage in progress.stages]
    rows.append(["Итого", progress.total, progress.done, progress.overdue, progress.percent])
    return {"available": True, "header": ["Этап", "Мероприятий", "Выполнено", "Просрочено", "Выполнение, %"],
            "rows": rows, "summary": [["Выполнение дорожной карты, %", progress.percent]], "total_row": True,
            "widths": [0.36, 0.16, 0.16, 0.16, 0.16]}


SECTIONS: tuple[str, ...] = (
    "participants", "young_specialists", "pairs", "programmes", "overdue", "surveys", "roadmap")


def report_figures(
    *, year: AcademicYear, today: dt.date | None = None, on_section: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Every figure of the year's report, as plain JSON-ready data (codes, not labels).

    `on_section(name, done)` is called after each section (the build task reports progress with it).
    Run inside the school's schema.
    """
    today = today or timezone.localdate()
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "participants": lambda: participants_figures(year),
        "young_specialists": lambda: young_specialists_figures(year),
        "pairs": lambda: pairs_figures(year),
        "programmes": lambda: programmes_figures(year),
        "overdue": lambda: overdue_figures(year, today=today),
        "surveys": lambda: surveys_figures(year),
        "roadmap": lambda: roadmap_figures(year, today=today),
    }
    figures: dict[str, Any] = {"year": str(year), "computed_on": today.isoformat()}
    for done, name in enumerate(SECTIONS, start=1):
        figures[name] = builders[name]()
        if on_section is not None:
            on_section(name, done)
    return figures
