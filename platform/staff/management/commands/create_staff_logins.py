"""manage.py create_staff_logins: logins for every staff member of a school who has none, and their
invitation slips as a PDF, or a DOCX when --out ends in .docx (the same service as «Логины для
сотрудников», staff.accounts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import schema_context

from staff import accounts
from tenants.selectors import school_by_slug


class Command(BaseCommand):
    help = (
        "Create a login with a one-time code for every active staff member of a school who has none, and "
        "write their invitation slips (PDF, four to a page; DOCX when --out ends in .docx) to --out. "
        "People who look like an account the "
        "district already has are listed for confirmation on their cards, never given a second account."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the school's address, e.g. meskety")
        parser.add_argument("--out", required=True,
                            help="where to write the slips (PDF; DOCX if the name ends in .docx)")
        parser.add_argument("--address", default="", help="the school's address on the slips "
                            "(default https://<slug>.<DISTRICT_HOST>/)")

    def handle(self, *args: Any, **opts: Any) -> None:
        school = school_by_slug(opts["slug"].strip().lower())
        if school is None:
            raise CommandError(f"No school with the address {opts['slug']!r}.")
        address = opts["address"] or f"https://{school.slug}.{settings.DISTRICT_HOST}/"
        with schema_context(school.schema_name):
            result = accounts.staff_accounts_create_all(school=school, acting_user=None, address=address)
        if result.invitations:
            out = Path(opts["out"])
            write = accounts.staff_slips_docx if out.suffix.lower() == ".docx" else accounts.staff_slips_pdf
            out.write_bytes(write(school=school, address=address, invitations=result.invitations))
        self.stdout.write(self.style.SUCCESS(
            f"{len(result.invitations)} logins created; slips in {opts['out']}." if result.invitations
            else "Nobody needs a new login."))
        for member in result.to_confirm:
            self.stdout.write(f"To confirm on the card (already in the district?): {member.full_name}")
