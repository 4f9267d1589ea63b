"""manage.py seed_demo: the demo district — three schools, their staff, people in every role, and
each school's mentoring programme: orders, consents, the two banks, pairs and groups in every mode,
programmes in every state, overdue activities, a pending petition to replace a mentor; and the
school's year: roadmap progress, monitoring surveys with answers, a best practice, news.

Safe to run again: only what is missing is created.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.mentoring_services import MentoringSummary
from demo.roster import DEMO_PASSWORD, DISTRICT_NAME, DISTRICT_PEOPLE, DemoSchool, DemoStaff, demo_schools
from demo.services import DemoSeedReport, demo_district_seed
from demo.year import YearSummary
from mentoring.models import PairStatus, ProgrammeStatus
from people.roles import DistrictRole, SchoolRole
from tenants.services import school_host

# The roles a visitor of the demo wants to try, in the order the table shows them.
SHOWN_SCHOOL_ROLES = (SchoolRole.DIRECTOR, SchoolRole.CURATOR, SchoolRole.MENTOR, SchoolRole.MENTEE, SchoolRole.TEACHER)


def _shown_account(school: DemoSchool, role: SchoolRole) -> DemoStaff:
    """The account that shows a role best: the one holding the fewest other roles."""
    holders = [member for member in school.accounts if role in member.roles]
    return min(holders, key=lambda member: len(member.roles))


def _counts(counts: dict[str, int], order: list[str]) -> str:
    return ", ".join(f"{counts[key]} {key.replace('_', ' ')}" for key in order if counts.get(key)) or "none"


def _mentoring_line(summary: MentoringSummary) -> str:
    """«7 mentors, 7 mentees | pairs: 4 active, 1 ended | programmes: … | overdue activities: 4 | …»."""
    return " | ".join([
        f"{summary.mentors} mentors, {summary.mentees} mentees",
        "pairs: " + _counts(summary.pairs, list(PairStatus.values)),
        "programmes: " + _counts(summary.programmes, list(ProgrammeStatus.values)),
        f"overdue activities: {summary.overdue_activities}",
        f"pending petitions to replace a mentor: {summary.pending_petitions}",
    ])


def _year_line(summary: YearSummary) -> str:
    """«roadmap: 4 done | open surveys: 2, 5 answered | best practices: 1 (0 published) | news: 3»."""
    return " | ".join([
        f"roadmap: {summary.roadmap_done} done",
        f"open surveys: {summary.campaigns}, {summary.responses} answered",
        f"best practices: {summary.cases} ({summary.cases_published} published)",
        f"news published: {summary.news}",
    ])


class Command(BaseCommand):
    help = ("Create the demo district (schools, staff, accounts in every role, the mentoring programme, "
            "the school's year); "
            "running it again changes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port of the dev server, for the printed URLs")

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.monotonic()
        try:
            report = demo_district_seed(acting_user=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self._summary(report)
        self._logins(opts["port"])
        self.stdout.write(f"\nDone in {time.monotonic() - started:.1f} s.")

    def _summary(self, report: DemoSeedReport) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo district: {DISTRICT_NAME}"))
        width = max(len(outcome.school.short_name) for outcome in report.schools)
        for outcome in report.schools:
            state = "registered" if outcome.registered else "already there"
            news = f", {outcome.staff_created} new" if outcome.staff_created and not outcome.registered else ""
            self.stdout.write(
                f"  {outcome.school.short_name:<{width}}  {state:<13}  {outcome.staff_total} staff{news}, "
                f"{outcome.young_specialists} young specialists, {outcome.accounts} accounts"
            )
            if outcome.mentoring is not None:
                self.stdout.write(f"  {'':<{width}}  {_mentoring_line(outcome.mentoring)}")
            if outcome.year is not None:
                self.stdout.write(f"  {'':<{width}}  {_year_line(outcome.year)}")
                for note in outcome.year.notes:
                    self.stdout.write(f"  {'':<{width}}  {self.style.WARNING(note)}")
        if report.changed_anything:
            registered = sum(outcome.registered for outcome in report.schools)
            staff = sum(outcome.staff_created for outcome in report.schools)
            steps = sum(outcome.mentoring.created for outcome in report.schools if outcome.mentoring)
            year_steps = sum(outcome.year.created for outcome in report.schools if outcome.year)
            self.stdout.write(self.style.SUCCESS(
                f"Created: {registered} schools, {report.people_created} accounts, "
                f"{report.memberships_granted} memberships, {staff} staff members, "
                f"{steps} steps of the mentoring programme, {year_steps} steps of the school's year."
            ))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing was missing: the demo district is already in place."))

    def _logins(self, port: int) -> None:
        rows: list[tuple[str, str, str, str]] = []
        district_url = f"http://{settings.DISTRICT_HOST}:{port}/login/"
        for index, demo_person in enumerate(DISTRICT_PEOPLE):
            rows.append(("District" if index == 0 else "", str(DistrictRole(demo_person.role).label),
                         demo_person.login, district_url if index == 0 else ""))
        for school in demo_schools():
            url = f"http://{school_host(school.slug)}:{port}/login/"
            for index, role in enumerate(SHOWN_SCHOOL_ROLES):
                account = _shown_account(school, role)
                elsewhere = [other.slug for other in demo_schools()
                             if other is not school and account.login in {m.login for m in other.accounts}]
                login = account.login + (f" (also at {', '.join(elsewhere)})" if elsewhere else "")
                rows.append((school.short_name if index == 0 else "", str(role.label), login,
                             url if index == 0 else ""))
        header = ("Space", "Role", "Login", "Open")
        widths = [max(len(row[column]) for row in (header, *rows)) for column in range(3)]

        def line(row: tuple[str, str, str, str]) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[3]

        self.stdout.write(f"\nPassword of every demo account: {self.style.SUCCESS(DEMO_PASSWORD)}\n\n")
        self.stdout.write(self.style.MIGRATE_LABEL(line(header).rstrip()))
        for row in rows:
            self.stdout.write(line(row).rstrip())
