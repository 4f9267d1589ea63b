"""Creating the demo district through the platform's own services, idempotently.

Things are recognised again by stable keys — a school by its address (slug), a
person by their login, a staff member by last name, first name and patronymic,
the mentoring programme's orders, consents, banks, pairs and programmes as
`demo.mentoring_services` describes — and only what is missing is created, so a
second run writes nothing and records nothing in the audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_tenants.utils import schema_context, tenant_context

from audit.services import audit_record
from demo.exchange import exchange_demo_seed
from demo.mentoring import SCHOOL_PLANS
from demo.mentoring_services import MentoringSummary, school_mentoring_seed
from demo.roster import (
    DEMO_PASSWORD,
    DISTRICT_NAME,
    DISTRICT_PEOPLE,
    DISTRICT_SHORT_NAME,
    DemoSchool,
    DemoStaff,
    demo_schools,
)
from demo.template_versions import demo_template_versions
from demo.year import YEAR_PLANS, YearSummary, school_year_seed
from district.models import DistrictSettings
from people.models import Membership, Person
from people.roles import DistrictRole
from people.services import membership_grant, person_create
from staff.declension import gender_suggest
from staff.models import StaffMember
from staff.services import staff_refresh_young_specialists
from tenants.models import School
from tenants.services import FirstAdministrator, school_register, school_template_ensure


@dataclass
class DemoSchoolOutcome:
    school: School
    registered: bool
    staff_created: int
    staff_linked: int
    staff_total: int
    young_specialists: int
    accounts: int
    mentoring: MentoringSummary | None = None
    year: YearSummary | None = None


@dataclass
class DemoSeedReport:
    settings_created: bool = False
    people_created: int = 0
    memberships_granted: int = 0
    schools: list[DemoSchoolOutcome] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.settings_created or self.people_created or self.memberships_granted
            or any(s.registered or s.staff_created or s.staff_linked or (s.mentoring and s.mentoring.created)
                   or (s.year and s.year.created) for s in self.schools)
        )


class _Seeder:
    def __init__(self, acting_user: Person | None) -> None:
        self.acting_user = acting_user
        self.report = DemoSeedReport()
        # One hash for every demo account: hashing the same password once per account
        # would cost most of the run (PBKDF2 is slow on purpose) and buys nothing here.
        self.password_hash = make_password(DEMO_PASSWORD)

    def district(self) -> None:
        settings_row, created = DistrictSettings.objects.get_or_create(
            id=1, defaults={"name": DISTRICT_NAME, "short_name": DISTRICT_SHORT_NAME}
        )
        if created:
            self.report.settings_created = True
            audit_record(actor=self.acting_user, action="district.settings_created",
                         target=settings_row, details={"name": DISTRICT_NAME})
        for demo_person in DISTRICT_PEOPLE:
            self.person(demo_person.login, demo_person.last_name, demo_person.first_name, demo_person.patronymic,
                        district_roles=[demo_person.role])

    def person(self, login: str, last_name: str, first_name: str, patronymic: str,
               district_roles: list[DistrictRole] | None = None) -> Person:
        person = Person.objects.filter(username__iexact=login).first()
        if person is not None:
            return person
        person = person_create(
            acting_user=self.acting_user, username=login, last_name=last_name, first_name=first_name,
            patronymic=patronymic, password=None, district_roles=district_roles or [],
        )
        Person.objects.filter(pk=person.pk).update(password=self.password_hash)
        self.report.people_created += 1
        return person

    def school(self, demo: DemoSchool) -> None:
        people = {member.login: self.person(member.login, *member.key) for member in demo.accounts}
        school = School.objects.filter(slug=demo.slug).first()
        registered = school is None
        if school is None:
            school = school_register(
                acting_user=self.acting_user, slug=demo.slug, full_name=demo.full_name,
                short_name=demo.short_name, kind=demo.kind, locality=demo.locality,
                second_language_code=demo.second_language_code,
                full_name_second_language=demo.full_name_second_language,
                short_name_second_language=demo.short_name_second_language,
                administrator=FirstAdministrator(username=demo.administrator_login),
            ).school
        for member in demo.accounts:
            self.membership(school, people[member.login], member)
        created, linked, total, young = self.staff(school, demo.staff, people)
        mentoring = None
        plan = SCHOOL_PLANS.get(demo.slug)
        if plan is not None:
            with tenant_context(school):
                mentoring = school_mentoring_seed(school=school, plan=plan)
        year = None
        year_plan = YEAR_PLANS.get(demo.slug)
        if plan is not None and year_plan is not None:
            with tenant_context(school):
                year = school_year_seed(school=school, plan=year_plan, curator_name=plan.curator)
        self.report.schools.append(DemoSchoolOutcome(
            school=school, registered=registered, staff_created=created, staff_linked=linked,
            staff_total=total, young_specialists=young, accounts=len(people), mentoring=mentoring, year=year,
        ))

    def membership(self, school: School, person: Person, member: DemoStaff) -> None:
        existing = Membership.objects.filter(person=person, school=school).first()
        if existing is not None and existing.is_active and set(member.roles) <= set(existing.roles):
            return
        membership_grant(acting_user=self.acting_user, school=school, person=person, roles=member.roles)
        self.report.memberships_granted += 1

    def staff(
        self, school: School, roster: tuple[DemoStaff, ...], people: dict[str, Person]
    ) -> tuple[int, int, int, int]:
        """The school's staff in its own schema; the young-specialist flags by the district's rule.

        Returns how many rows were created, how many were linked to an account, the
        active staff and the young specialists among them.
        """
        with schema_context(school.schema_name):
            existing = {
                (row.last_name, row.first_name, row.patronymic): row
                for row in StaffMember.objects.only("id", "last_name", "first_name", "patronymic", "person_id")
            }
            linked_people = {row.person_id for row in existing.values() if row.person_id}
            new_rows, relinked = [], []
            for member in roster:
                person = people.get(member.login) if member.login else None
                if person is not None and person.pk in linked_people:
                    person = None  # already on this school's staff under another record
                row = existing.get(member.key)
                if row is None:
                    new_rows.append(StaffMember(
                        person=person, last_name=member.last_name, first_name=member.first_name,
                        patronymic=member.patronymic, birth_date=member.birth_date, position=member.position,
                        gender=gender_suggest(first_name=member.first_name, patronymic=member.patronymic),
                        subjects=list(member.subjects), teaching_experience_years=member.experience_years,
                        qualification_category=member.category, hire_date=member.hire_date,
                        new_to_position=member.new_to_position,
                    ))
                elif row.person_id is None and person is not None:
                    row.person = person
                    relinked.append(row)
                if person is not None:
                    linked_people.add(person.pk)
            StaffMember.objects.bulk_create(new_rows)
            StaffMember.objects.bulk_update(relinked, ["person"])
            if new_rows or relinked:
                audit_record(
                    actor=self.acting_user, action="staff.demo_seeded", school=school,
                    details={"created": len(new_rows), "linked": len(relinked)},
                )
            staff_refresh_young_specialists(school=school, acting_user=self.acting_user)
            active = StaffMember.objects.filter(is_active=True)
            return len(new_rows), len(relinked), active.count(), active.filter(is_young_specialist=True).count()


def demo_district_seed(*, acting_user: Person | None = None) -> DemoSeedReport:
    """Create whatever of the demo district is missing: settings, people, schools, staff, and each
    school's mentoring programme (orders, consents, banks, pairs, programmes, requests) and its year
    (roadmap progress, monitoring surveys, a best practice, news: `demo.year`).

    All or nothing: one transaction (school schemas included — PostgreSQL DDL is
    transactional). The school template is brought up to date before it, since
    that may run migrations.
    """
    school_template_ensure()
    seeder = _Seeder(acting_user)
    with transaction.atomic():
        seeder.district()
        for demo in demo_schools():
            seeder.school(demo)
        # The district mentor exchange: requests of one school for mentors of the others (issue 6).
        exchange_demo_seed(curators={slug: plan.curator for slug, plan in SCHOOL_PLANS.items()})
        demo_template_versions(acting_user=acting_user)
    return seeder.report
