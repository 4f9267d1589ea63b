"""manage.py seed_demo: the demo district, and a second run that changes nothing."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from demo.roster import DEMO_PASSWORD
from district.models import DistrictSettings
from people.models import Membership, Person
from people.roles import DistrictRole, SchoolRole
from staff.models import StaffMember
from staff.rules import YoungSpecialistRule
from tenants.models import Domain, School, SchoolKind

DEMO_SLUGS = ("meskety", "novy-zamay-yurt", "nozhay-yurt")

# Order № 116/1 of 31.08.2022, МБОУ «ООШ с. Мескеты»: each person (as the order names them) and their roles.
ORDER_116_1 = {
    "Эскиев Р.Х.": {SchoolRole.DIRECTOR},
    "Цугиева М.Р.": {SchoolRole.COORDINATOR, SchoolRole.WORKING_GROUP_HEAD, SchoolRole.DEPUTY_DIRECTOR},
    "Эскиева М.Р.": {SchoolRole.CURATOR, SchoolRole.WORKING_GROUP_MEMBER, SchoolRole.DEPUTY_DIRECTOR,
                     SchoolRole.METHODOLOGICAL_ASSOCIATION},
    "Эскиев А.Р.": {SchoolRole.WORKING_GROUP_MEMBER, SchoolRole.DEPUTY_DIRECTOR, SchoolRole.SYSADMIN},
    # get_short_name() gives one initial per name part: Х.В. for Х.В.-А.
    "Адамова Х.В.": {SchoolRole.WORKING_GROUP_MEMBER, SchoolRole.TEACHER},
}


def _seed(**options: object) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def _snapshot() -> dict[str, object]:
    """Everything a run could add, counted in the public schema and in every demo school's schema."""
    schools = {school.slug: school for school in School.objects.filter(slug__in=DEMO_SLUGS)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.schemata")
        schemas = cursor.fetchone()[0]
    counts: dict[str, object] = {
        "schools": sorted(schools), "schemas": schemas, "domains": Domain.objects.count(),
        "persons": Person.objects.count(), "memberships": Membership.objects.count(),
        "roles": sorted((m.person.username, m.school.slug, tuple(m.roles))
                        for m in Membership.objects.select_related("person", "school")),
        "district settings": DistrictSettings.objects.count(), "audit public": AuditEvent.objects.count(),
    }
    for slug, school in schools.items():
        with schema_context(school.schema_name):
            counts[f"staff {slug}"] = StaffMember.objects.count()
            counts[f"young {slug}"] = StaffMember.objects.filter(is_young_specialist=True).count()
            counts[f"linked {slug}"] = StaffMember.objects.filter(person__isnull=False).count()
            counts[f"audit {slug}"] = AuditEvent.objects.count()
    return counts


def test_seed_demo_creates_the_district_and_a_second_run_changes_nothing(world):
    output = _seed(port=8123)

    settings_row = DistrictSettings.objects.get()
    assert settings_row.name == "Отдел образования Ножай-Юртовского муниципального района"
    assert Person.objects.get(username="district").district_roles == [DistrictRole.ADMIN]
    assert Person.objects.get(username="analyst").district_roles == [DistrictRole.ANALYST]

    schools = {school.slug: school for school in School.objects.filter(slug__in=DEMO_SLUGS)}
    assert set(schools) == set(DEMO_SLUGS)
    meskety = schools["meskety"]
    assert meskety.short_name == "МБОУ «ООШ с. Мескеты»"
    assert meskety.kind == SchoolKind.OOSH and meskety.locality == "с. Мескеты"
    assert meskety.second_language_code == "ce"
    assert meskety.full_name_second_language == (
        "Муниципальни бюджетни юкъарадешаран учреждени «МЕСКИТА-ЮЬРТАН КОЪРТА ЮКЪАРАДЕШАРАН ШКОЛА»"
    )
    assert meskety.short_name_second_language == "МБЮУ «Мескита-юьртан КЮШ»"
    assert schools["novy-zamay-yurt"].short_name == "МБОУ «ООШ с. Новый-Замай-Юрт»"
    assert schools["nozhay-yurt"].kind == SchoolKind.SOSH

    # The people of order № 116/1, each exactly once, with exactly the roles the order gives them.
    members = list(Membership.objects.filter(school=meskety).select_related("person"))
    for short_name, roles in ORDER_116_1.items():
        holders = [m for m in members if m.person.get_short_name() == short_name]
        assert len(holders) == 1, short_name
        assert set(holders[0].roles) == roles, short_name
    adamova = next(m.person for m in members if m.person.get_short_name() == "Адамова Х.В.")
    assert [part[0] for part in adamova.patronymic.split("-")] == ["В", "А"]

    rule = YoungSpecialistRule.from_settings(settings_row)
    today = timezone.localdate()
    for slug, school in schools.items():
        roles_here = [set(m.roles) for m in Membership.objects.filter(school=school)]
        for role in (SchoolRole.DIRECTOR, SchoolRole.CURATOR, SchoolRole.PSYCHOLOGIST, SchoolRole.TEACHER):
            assert any(role in roles for roles in roles_here), (slug, role)
        assert sum(SchoolRole.MENTOR in roles for roles in roles_here) >= 3, slug
        assert sum(SchoolRole.MENTEE in roles for roles in roles_here) >= 3, slug
        with schema_context(school.schema_name):
            staff = list(StaffMember.objects.all())
            assert len(staff) >= 30, slug
            young = [member for member in staff if member.is_young_specialist]
            assert 3 <= len(young) < len(staff), slug
            # The flag follows the district's rule, not whatever the seed wrote.
            for member in staff:
                assert member.is_young_specialist == rule.applies(
                    birth_date=member.birth_date, experience_years=member.teaching_experience_years,
                    new_to_position=member.new_to_position, today=today,
                ), member.full_name
            assert len({member.full_name for member in staff}) == len(staff), slug
            assert StaffMember.objects.filter(position="педагог-психолог").exists(), slug
            # Every account of the school is on its staff; mentees are young specialists.
            linked = {member.person_id: member for member in staff if member.person_id}
        for membership in Membership.objects.filter(school=school):
            if membership.roles != [SchoolRole.SYSADMIN]:
                assert membership.person_id in linked, (slug, membership.person)
            if SchoolRole.MENTEE in membership.roles:
                assert linked[membership.person_id].is_young_specialist, (slug, membership.person)

    # One person teaches in two schools: one login, a membership and a staff record in each.
    two_schools = [p for p in Person.objects.filter(memberships__school__slug__in=DEMO_SLUGS)
                   .distinct() if p.memberships.filter(school__slug__in=DEMO_SLUGS).count() > 1]
    assert len(two_schools) >= 1
    traveller = two_schools[0]
    for membership in traveller.memberships.filter(school__slug__in=DEMO_SLUGS):
        with schema_context(membership.school.schema_name):
            assert StaffMember.objects.filter(person=traveller).count() == 1

    assert Person.objects.get(username="district").check_password(DEMO_PASSWORD)
    assert adamova.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in output
    assert "http://localhost:8123/login/" in output
    for slug in DEMO_SLUGS:
        assert f"http://{slug}.localhost:8123/login/" in output
    assert "district" in output and "analyst" in output and "eskiev.rkh" in output

    before = _snapshot()
    second_output = _seed()
    assert _snapshot() == before
    assert "Nothing was missing" in second_output
    assert "http://meskety.localhost:8000/login/" in second_output


def test_seed_demo_creates_only_what_is_missing(world):
    _seed()
    meskety = School.objects.get(slug="meskety")
    with schema_context(meskety.schema_name):
        staff_before = StaffMember.objects.count()
        unlinked = list(StaffMember.objects.filter(person__isnull=True).order_by("last_name")[:3])
        StaffMember.objects.filter(pk__in=[member.pk for member in unlinked]).delete()
        audit_before = set(AuditEvent.objects.values_list("id", flat=True))
    persons_before, memberships_before = Person.objects.count(), Membership.objects.count()
    public_audit_before = AuditEvent.objects.count()

    _seed()

    with schema_context(meskety.schema_name):
        assert StaffMember.objects.count() == staff_before
        assert {m.full_name for m in unlinked} <= {m.full_name for m in StaffMember.objects.all()}
        new_events = AuditEvent.objects.exclude(id__in=audit_before)
        assert [(e.action, e.details) for e in new_events.filter(action="staff.demo_seeded")] == [
            ("staff.demo_seeded", {"created": 3, "linked": 0})
        ]
        # Besides that, at most the young-specialist flags of the restored rows.
        assert set(new_events.values_list("action", flat=True)) <= {
            "staff.demo_seeded", "staff.young_specialists_refreshed"}
    assert (Person.objects.count(), Membership.objects.count()) == (persons_before, memberships_before)
    assert AuditEvent.objects.count() == public_audit_before
