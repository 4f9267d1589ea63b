"""manage.py calendar_override DD.MM.YYYY (--day-off | --working) --note "…" | --remove | --list

The district's corrections to Russia's production calendar (a late decree, a regional holiday):
deadlines are flagged as falling on a non-working day by `district.calendar`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from district.calendar import override_remove, override_set
from district.models import CalendarOverride


class Command(BaseCommand):
    help = "Set, remove or list the district's corrections to the production calendar."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("day", nargs="?", help="the day, DD.MM.YYYY")
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--day-off", action="store_true", help="the day is not a working day")
        what.add_argument("--working", action="store_true", help="the day is a working day")
        what.add_argument("--remove", action="store_true", help="the production calendar decides again")
        what.add_argument("--list", action="store_true", help="list the corrections")
        parser.add_argument("--note", default="", help="the decree or the reason")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for row in CalendarOverride.objects.all():
                kind = "рабочий" if row.is_working else "нерабочий"
                self.stdout.write(f"{row.day:%d.%m.%Y} {kind}: {row.note}")
            return
        if not options["day"]:
            raise CommandError("name the day as DD.MM.YYYY")
        try:
            day = dt.datetime.strptime(options["day"], "%d.%m.%Y").date()  # noqa: DTZ007 — a calendar date
        except ValueError:
            raise CommandError(f"{options['day']}: write the day as DD.MM.YYYY") from None
        if options["remove"]:
            override_remove(day=day)
            self.stdout.write(f"{day:%d.%m.%Y}: the production calendar decides.")
            return
        if not (options["day_off"] or options["working"]):
            raise CommandError("say --day-off or --working (or --remove)")
        if not options["note"].strip():
            raise CommandError("--note: name the decree or the reason")
        override_set(day=day, is_working=options["working"], note=options["note"])
        self.stdout.write(f"{day:%d.%m.%Y}: {'working' if options['working'] else 'day off'}.")
