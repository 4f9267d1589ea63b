"""Test setup: the real PostgreSQL, two schools made once per session (design note 9).

The schools, their people and the district's people are created once, committed,
before the first test; every test then runs in a transaction that is rolled back.
Always at least two schools, and people in several roles, so that every test of a
page or endpoint can also show that the other school and the wrong role get nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from people.middleware import SESSION_SPACE_KEY
from people.models import Person
from people.roles import DistrictRole, SchoolRole
from tenants.models import School

PASSWORD = "test-pass-123"  # noqa: S105

# The longest tests, longest first (a run's `--durations` says which): under pytest-xdist they start first
# and the short ones fill in around them, so that no worker is left alone at the end with a long one.
LONGEST_FIRST = (
    "test_failover.py", "test_bench.py", "test_crawl_language.py", "test_browser_layout.py", "test_quickstart.py",
    "test_workers_hosts.py", "test_soak.py", "test_replica.py", "test_provisioning.py", "test_guest_isolation.py",
    "test_browser_first_day.py", "test_browser_pairs.py", "test_api_fuzz.py", "test_celery_worker.py",
    "test_seed_demo.py", "test_entrypoints.py", "test_demo_declension.py",
)


def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    """In a pytest-xdist worker, the longest tests first, then those that start processes, then the rest
    (each worker sorts the same collection the same way, as xdist requires); one process keeps the order."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return

    def rank(item) -> int:  # type: ignore[no-untyped-def]
        if item.path.name in LONGEST_FIRST:
            return LONGEST_FIRST.index(item.path.name)
        if any(item.get_closest_marker(name) for name in ("slow", "worker", "browser")):
            return len(LONGEST_FIRST)
        return len(LONGEST_FIRST) + 1

    items.sort(key=rank)


@dataclass
class World:
    school_a: School
    school_b: School
    people: dict[str, Person]

    def person(self, key: str) -> Person:
        return Person.objects.get(pk=self.people[key].pk)

    def staff(self, key: str, school: School | None = None):  # type: ignore[no-untyped-def]
        """The staff record of a world person in a school (A by default); use inside that school's schema."""
        from django_tenants.utils import schema_context

        from staff.models import StaffMember

        with schema_context((school or self.school_a).schema_name):
            return StaffMember.objects.get(person=self.people[key])


SCHOOL_A_ROLES = {
    "director_a": [SchoolRole.DIRECTOR],
    "curator_a": [SchoolRole.CURATOR, SchoolRole.DEPUTY_DIRECTOR],
    "mentor_a": [SchoolRole.MENTOR, SchoolRole.TEACHER],
    "mentee_a": [SchoolRole.MENTEE, SchoolRole.TEACHER],
    "teacher_a": [SchoolRole.TEACHER],
    "both": [SchoolRole.TEACHER],
}
SCHOOL_B_ROLES = {
    "director_b": [SchoolRole.DIRECTOR],
    "curator_b": [SchoolRole.CURATOR],
    "teacher_b": [SchoolRole.TEACHER],
    "both": [SchoolRole.MENTOR],
}


def _build_world() -> World:
    from people.services import membership_grant, person_create
    from tenants.services import FirstAdministrator, school_register, school_template_ensure

    school_template_ensure()
    schools = {}
    for slug, name in (("alpha", "МБОУ «СОШ с. Альфа»"), ("beta", "МБОУ «ООШ с. Бета»")):
        existing = School.objects.filter(slug=slug).first()
        schools[slug] = existing or school_register(
            acting_user=None, slug=slug, full_name=name, short_name=name,
            administrator=FirstAdministrator(username=f"admin_{slug}", last_name="Админов", first_name="Админ",
                                             password=PASSWORD),
        ).school
    people: dict[str, Person] = {}
    keys = set(SCHOOL_A_ROLES) | set(SCHOOL_B_ROLES) | {"district_admin", "district_analyst", "outsider"}
    for key in sorted(keys):
        person = Person.objects.filter(username=key).first()
        if person is None:
            district_roles = {
                "district_admin": [DistrictRole.ADMIN], "district_analyst": [DistrictRole.ANALYST]
            }.get(key, [])
            person = person_create(acting_user=None, username=key, last_name=key.title(), first_name="Тест",
                                   password=PASSWORD, district_roles=district_roles)
        people[key] = person
    for school, roles in ((schools["alpha"], SCHOOL_A_ROLES), (schools["beta"], SCHOOL_B_ROLES)):
        for key, role_list in roles.items():
            membership_grant(acting_user=None, school=school, person=people[key], roles=role_list)
    people["admin_alpha"] = Person.objects.get(username="admin_alpha")
    people["admin_beta"] = Person.objects.get(username="admin_beta")
    _build_staff(schools, people)
    return World(school_a=schools["alpha"], school_b=schools["beta"], people=people)


# Staff records of the world's people: (school, login, position, subjects, birth year, experience years).
STAFF = [
    ("alpha", "director_a", "директор", [], 1970, 25),
    ("alpha", "curator_a", "заместитель директора по УВР", ["русский язык"], 1978, 20),
    ("alpha", "mentor_a", "учитель математики", ["математика"], 1975, 22),
    ("alpha", "mentee_a", "учитель математики", ["математика"], 2001, 1),
    ("alpha", "teacher_a", "учитель истории", ["история"], 1985, 12),
    ("alpha", "both", "учитель физики", ["физика"], 1980, 18),
    ("beta", "director_b", "директор", [], 1968, 30),
    ("beta", "curator_b", "заместитель директора по ВР", ["литература"], 1979, 19),
    ("beta", "teacher_b", "учитель химии", ["химия"], 1999, 2),
    ("beta", "both", "учитель физики", ["физика"], 1980, 18),
]


def _build_staff(schools: dict[str, School], people: dict[str, Person]) -> None:
    import datetime as dt

    from django_tenants.utils import schema_context

    from staff.models import StaffMember

    for slug, key, position, subjects, born, experience in STAFF:
        person = people[key]
        with schema_context(schools[slug].schema_name):
            StaffMember.objects.get_or_create(
                person=person,
                defaults={
                    "last_name": person.last_name, "first_name": person.first_name, "position": position,
                    "subjects": subjects, "birth_date": dt.date(born, 5, 17), "teaching_experience_years": experience,
                    "hire_date": dt.date(2026 - experience, 9, 1), "is_young_specialist": born >= 1995,
                },
            )


@pytest.fixture(scope="session")
def django_db_setup(  # type: ignore[no-untyped-def]
    request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_createdb,
    django_db_modify_db_settings,
):
    """The test database, always (also for tests that only use it in autocommit, like the
    worker tests), with the world committed in it."""
    from django.core.cache import caches
    from django.test.utils import setup_databases, teardown_databases

    # A cache kept from another run (Redis keeps it) could answer for data or translations of that run.
    for alias in settings.CACHES:
        caches[alias].clear()
    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, keepdb=keepdb, aliases={"default"})
        _build_world()
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    a = School.objects.get(slug="alpha")
    b = School.objects.get(slug="beta")
    usernames = set(SCHOOL_A_ROLES) | set(SCHOOL_B_ROLES) | {
        "district_admin", "district_analyst", "outsider", "admin_alpha", "admin_beta"}
    people = {p.username: p for p in Person.objects.filter(username__in=usernames)}
    return World(school_a=a, school_b=b, people=people)


def host_of(space: School | None) -> str:
    return settings.DISTRICT_HOST if space is None else f"{space.slug}.{settings.DISTRICT_HOST}"


def client_for(space: School | None, person: Person | None = None, *, bind_to: School | None | str = "same") -> Client:
    """A test client at a space's host (None = the district), logged in as `person`.

    The session is bound to the space as a real login would; `bind_to` binds it
    to another space instead, to imitate a cookie carried there by hand.
    """
    client = Client(HTTP_HOST=host_of(space))
    if person is not None:
        client.force_login(person, backend="people.backends.SpaceMemberBackend")
        session = client.session
        target = space if bind_to == "same" else bind_to
        session[SESSION_SPACE_KEY] = "public" if target is None else target.schema_name  # type: ignore[union-attr]
        session.save()
    return client


@pytest.fixture(autouse=True)
def _public_schema_first() -> None:
    """Every test starts in the district's schema, whichever test ran before it in this process (the
    order differs between runs: `./dev test` spreads the tests over two processes)."""
    from django.db import connection

    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _sign_in_limits_reset() -> None:
    """Every test starts with no failed sign-ins counted per address (people.throttle, api.authentication)."""
    from django.core.cache import caches

    caches["throttle"].clear()


# A page's session read when sessions are not kept in Redis (the embedded pass): one query more on every page
# (issue 15); the query budgets of pages are the figures measured with Redis plus this.
SESSION_READ = 0 if settings.REDIS_URL else 1
