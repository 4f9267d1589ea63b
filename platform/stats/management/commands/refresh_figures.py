"""manage.py refresh_figures [--school SLUG] [--year 2024/2025 ...]: recount the district's kept figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from formats.dates import AcademicYear
from stats.services import figures_refresh
from tenants.models import School, SchoolStatus


class Command(BaseCommand):
    help = "Recount the kept figures of every active school (or one), for the default years or the given ones."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--school", help="the school's address (slug); all active schools if omitted")
        parser.add_argument("--year", action="append", default=[], help="an academic year such as 2024/2025")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            years = [AcademicYear.parse(text.replace("-", "/")) for text in options["year"]] or None
        except ValueError as error:
            raise CommandError(f"{error}: write a year as 2024/2025") from None
        schools = School.objects.filter(status=SchoolStatus.ACTIVE).order_by("schema_name")
        if options["school"]:
            schools = schools.filter(slug=options["school"])
            if not schools.exists():
                raise CommandError(f"no active school «{options['school']}»")
        count = 0
        for school in schools:
            figures_refresh(school=school, years=years)
            count += 1
        self.stdout.write(f"Figures recounted for {count} school(s).")
