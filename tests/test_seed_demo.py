"""manage.py seed_demo: the demo district with its mentoring programme, and a second run that changes nothing."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from banks.models import BankReview, Difficulty, MenteeProfile, MentorProfile, TrainingRecord
from banks.selectors import bank_review_due
from consents.models import Consent, ConsentPurpose
from demo.roster import DEMO_PASSWORD
from district.models import DistrictSettings
from mentoring.models import (
    Activity,
    ActivityStatus,
    Agreement,
    ChangeKind,
    Mode,
    Pair,
    PairRequest,
    PairStatus,
    Participant,
    ParticipantRole,
    Programme,
    ProgrammeChange,
    ProgrammeStatus,
    RequestKind,
    RequestStatus,
)
from mentoring.selectors.programmes import overdue_activities
from orders.models import Order, OrderKind, OrderStatus, OrderSubject, RoleAssignment
from people.models import Membership, Person
from people.roles import DistrictRole, SchoolRole
from practices.models import PracticeCase
from publicpage.models import NewsItem
from roadmap.models import Roadmap, RoadmapItem, RoadmapItemStatus
from staff.models import StaffMember
from staff.rules import YoungSpecialistRule
from surveys.models import Answer, Campaign, CampaignStatus, Invitation, Question, Questionnaire, Response
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


# Every table the mentoring programme of a demo school fills.
MENTORING_MODELS = (
    Order, OrderSubject, RoleAssignment, Consent, MenteeProfile, Difficulty, MentorProfile, TrainingRecord,
    BankReview, Pair, Participant, Agreement, Programme, Activity, ProgrammeChange, PairRequest,
)
# Every table the school's year (issue 4) fills.
YEAR_MODELS = (
    Roadmap, RoadmapItem, Questionnaire, Question, Campaign, Invitation, Response, Answer, PracticeCase, NewsItem,
)


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
            for model in (*MENTORING_MODELS, *YEAR_MODELS):
                counts[f"{model.__name__} {slug}"] = model.objects.count()
            counts[f"roadmap done {slug}"] = sorted(
                RoadmapItem.objects.filter(status=RoadmapItemStatus.DONE).values_list("title", "done_on"))
            counts[f"answered {slug}"] = Invitation.objects.filter(answered=True).count()
            counts[f"published {slug}"] = (PracticeCase.objects.filter(published=True).count(),
                                           NewsItem.objects.filter(published=True).count())
            for model in (Order, Pair, Programme, Activity, PairRequest):
                counts[f"{model.__name__} by status {slug}"] = sorted(
                    model.objects.values_list("status", flat=True))
            counts[f"consents in force {slug}"] = Consent.objects.filter(withdrawn_on__isnull=True).count()
            counts[f"overdue {slug}"] = overdue_activities(timezone.localdate()).count()
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
                    birth_date=member.birth_date, experience_years=member.teaching_experience_years, today=today,
                ), member.full_name
            assert len({member.full_name for member in staff}) == len(staff), slug
            assert StaffMember.objects.filter(position="педагог-психолог").exists(), slug
            # Every account of the school is on its staff; mentees are young specialists or new to their position.
            linked = {member.person_id: member for member in staff if member.person_id}
        for membership in Membership.objects.filter(school=school):
            if membership.roles != [SchoolRole.SYSADMIN]:
                assert membership.person_id in linked, (slug, membership.person)
            if SchoolRole.MENTEE in membership.roles:
                mentee = linked[membership.person_id]
                assert mentee.is_young_specialist or mentee.new_to_position, (slug, membership.person)

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
        # Staff nobody's record refers to (the mentoring programme's people are kept: PROTECT).
        unlinked = list(StaffMember.objects.filter(
            person__isnull=True, consents__isnull=True, mentee_profile__isnull=True, mentor_profile__isnull=True,
        ).order_by("last_name")[:3])
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


def _in_every_school(schools, query):  # type: ignore[no-untyped-def]
    """`query()` evaluated in each demo school's schema, the results joined in one list."""
    found: list[object] = []
    for school in schools:
        with schema_context(school.schema_name):
            found.extend(query())
    return found


def test_seed_demo_shows_the_whole_mentoring_programme(world):
    output = _seed()
    today = timezone.localdate()
    schools = list(School.objects.filter(slug__in=DEMO_SLUGS).order_by("slug"))

    # Pairs and groups in every mode, programmes in every state.
    assert set(_in_every_school(schools, lambda: Pair.objects.values_list("mode", flat=True))) == set(Mode.values)
    assert set(_in_every_school(schools, lambda: Programme.objects.values_list("status", flat=True))) == set(
        ProgrammeStatus.values)
    assert len(_in_every_school(schools, lambda: overdue_activities(today))) >= 1
    pending = _in_every_school(schools, lambda: PairRequest.objects.filter(
        kind=RequestKind.REPLACE_MENTOR, status=RequestStatus.PENDING))
    assert len(pending) >= 1
    assert _in_every_school(schools, lambda: PairRequest.objects.filter(
        kind=RequestKind.RELEASE_MENTOR).exclude(status=RequestStatus.PENDING).exclude(decision=""))
    assert "overdue activities:" in output and "pending petitions to replace a mentor:" in output

    for school in schools:
        with schema_context(school.schema_name):
            assert Pair.objects.exists() and Programme.objects.exists(), school.slug
            # Every mentor's capacity is 1–3 and nobody exceeds it.
            for profile in MentorProfile.objects.all():
                assert 1 <= profile.capacity <= 3, profile
                mentees = Participant.objects.filter(
                    role=ParticipantRole.MENTEE, left_on__isnull=True,
                    pair__status__in=(PairStatus.FORMING, PairStatus.ACTIVE),
                    pair__participants__staff=profile.staff_id, pair__participants__role=ParticipantRole.MENTOR,
                ).count()
                assert mentees <= profile.capacity, profile
            for pair in Pair.objects.select_related("order").prefetch_related("participants", "agreements"):
                people = {p.staff_id: p.role for p in pair.participants.all()}
                # The pair's order names its people; a working or finished pair has it signed, with agreements.
                assert pair.order is not None and pair.order.kind == OrderKind.ASSIGN_PAIR, pair
                if pair.status == PairStatus.FORMING:
                    assert pair.order.status == OrderStatus.DRAFT, pair
                else:
                    assert pair.order.status == OrderStatus.SIGNED, pair
                    assert pair.agreements.exists(), pair
                    for staff_id, role in people.items():
                        purposes = set(Consent.objects.filter(staff_id=staff_id, withdrawn_on__isnull=True)
                                       .values_list("purpose", flat=True))
                        needed = {ConsentPurpose.PROCESSING_PROGRAMME, ConsentPurpose.EXTRA_DUTIES}
                        if role == ParticipantRole.MENTOR:
                            needed.add(ConsentPurpose.MENTOR_APPOINTMENT)
                        assert needed <= purposes, (pair, staff_id)
                if pair.mode == Mode.GROUP:
                    assert 2 <= list(people.values()).count(ParticipantRole.MENTEE) <= 3, pair
            for programme in Programme.objects.prefetch_related("activities"):
                statuses = [a.status for a in programme.activities.all()]
                assert statuses, programme
                if programme.status == ProgrammeStatus.COMPLETED:
                    assert set(statuses) <= {ActivityStatus.DONE, ActivityStatus.CANCELLED}, programme
                if programme.status == ProgrammeStatus.ENDED_EARLY:
                    assert programme.end_reason and programme.end_note, programme
                if programme.status == ProgrammeStatus.ACTIVE:
                    assert 3 <= (programme.ends_on - programme.starts_on).days <= 366, programme
            # Everyone in a bank consented to the processing of their data for the programme.
            bank = set(MenteeProfile.objects.values_list("staff_id", flat=True)) | set(
                MentorProfile.objects.values_list("staff_id", flat=True))
            consented = set(Consent.objects.filter(
                purpose=ConsentPurpose.PROCESSING_PROGRAMME).values_list("staff_id", flat=True))
            assert bank <= consented, school.slug
            assert Difficulty.objects.values("direction").distinct().count() >= 3, school.slug

    meskety = next(school for school in schools if school.slug == "meskety")
    with schema_context(meskety.schema_name):
        order = Order.objects.get(number="116/1", year=2022)
        assert order.kind == OrderKind.MENTORING_SYSTEM and order.status == OrderStatus.SIGNED
        assert order.date.isoformat() == "2022-08-31" and order.signer.full_name == "Эскиев Рамзан Хамидович"
        assert "О реализации целевой модели наставничества" in order.title
        given = {(s.staff.last_name, s.role) for s in order.subjects.select_related("staff")}
        assert given == {
            ("Цугиева", SchoolRole.COORDINATOR), ("Цугиева", SchoolRole.WORKING_GROUP_HEAD),
            ("Эскиева", SchoolRole.CURATOR), ("Эскиева", SchoolRole.WORKING_GROUP_MEMBER),
            ("Эскиев", SchoolRole.WORKING_GROUP_MEMBER), ("Адамова", SchoolRole.WORKING_GROUP_MEMBER),
        }
        assert {p.status for p in Programme.objects.all()} >= {ProgrammeStatus.ACTIVE, ProgrammeStatus.COMPLETED}
        # The extension is in the programme's history (§7.2); the review of the bank is due (§3.4).
        assert ProgrammeChange.objects.filter(kind=ChangeKind.EXTENSION, agreed_by_mentor=True,
                                              agreed_by_mentee=True).exists()
        assert bank_review_due(today) and BankReview.objects.exists()
        withdrawn = Consent.objects.filter(purpose=ConsentPurpose.PUBLICATION, withdrawn_on__isnull=False)
        assert withdrawn.count() == 1
        assert Consent.objects.filter(purpose=ConsentPurpose.PUBLICATION, withdrawn_on__isnull=True).exists()
        assert Consent.objects.filter(purpose=ConsentPurpose.PROCESSING_EXCHANGE).exists()
        assert TrainingRecord.objects.exists()
        assert MentorProfile.objects.filter(willing_cross_school=True).exists()
    # Another school reviewed its bank this year.
    others_due = []
    for school in schools:
        if school.slug != "meskety":
            with schema_context(school.schema_name):
                others_due.append(bank_review_due(today))
    assert False in others_due


def test_seed_demo_shows_the_schools_year(world):
    _seed()
    today = timezone.localdate()
    meskety = School.objects.get(slug="meskety")
    with schema_context(meskety.schema_name):
        # The current year's roadmap shows progress: early activities done, with evidence, not in the future.
        done = list(RoadmapItem.objects.filter(status=RoadmapItemStatus.DONE))
        assert 3 <= len(done) <= 4
        assert all(item.evidence and item.done_on <= today for item in done)
        assert RoadmapItem.objects.exclude(status=RoadmapItemStatus.DONE).exists()
        # The district's standard questionnaires used as they are; campaigns open today, answers in.
        campaigns = list(Campaign.objects.select_related("questionnaire"))
        assert len(campaigns) == 2
        assert all(c.questionnaire.template_id is not None for c in campaigns)
        assert all(c.status == CampaignStatus.OPEN and c.opens_on <= today <= c.closes_on for c in campaigns)
        named = next(c for c in campaigns if not c.anonymous)
        anonymous = next(c for c in campaigns if c.anonymous)
        assert named.for_mentees and anonymous.for_mentors
        for campaign in campaigns:
            answered = campaign.invitations.filter(answered=True).count()
            assert 1 <= answered == campaign.responses.count()
            assert Answer.objects.filter(response__campaign=campaign).exists()
        assert named.invitations.filter(answered=False).exists()
        # Anonymity: nothing links an anonymous response to its respondent.
        assert not anonymous.responses.filter(invitation__isnull=False).exists()
        assert not anonymous.responses.filter(submitted_at__isnull=False).exists()
        # A case of the completed programme; public only if everyone consented (the service decides).
        case = PracticeCase.objects.select_related("programme").get()
        assert case.programme.status == ProgrammeStatus.COMPLETED
        news = NewsItem.objects.filter(published=True)
        assert news.filter(is_announcement=False).count() == 2
        announcement = news.get(is_announcement=True)
        assert announcement.event_on > today and announcement.published_on <= today
    # The others, lightly: roadmap progress and a news item; a case refused publication stays unpublished.
    for school in School.objects.filter(slug__in=DEMO_SLUGS).exclude(slug="meskety"):
        with schema_context(school.schema_name):
            assert RoadmapItem.objects.filter(status=RoadmapItemStatus.DONE).count() >= 2, school.slug
            assert NewsItem.objects.filter(published=True).exists(), school.slug
    with schema_context(School.objects.get(slug="nozhay-yurt").schema_name):
        assert PracticeCase.objects.filter(published=False).exists()
