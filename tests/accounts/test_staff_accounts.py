"""Logins from the staff card, all at once, one-time codes, and leaving a school (issue 10, points 1–4)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from pypdf import PdfReader
from rest_framework.authtoken.models import Token

from audit.models import AuditEvent
from people.models import Membership, Person
from people.roles import SchoolRole
from staff import accounts
from staff.models import StaffMember
from staff.services import staff_deactivate
from tests.accounts.helpers import new_staff, slip_text, slips_of
from tests.conftest import PASSWORD, client_for, host_of

NEW_PASSWORD = "Berkat-2026-vesna"  # noqa: S105


def _create_login(world, member, *, key: str = "admin_alpha", username: str = "") -> tuple[str, str]:  # type: ignore[no-untyped-def]
    client = client_for(world.school_a, world.people[key])
    page = client.get(f"/staff/{member.pk}/account/")
    assert page.status_code == 200
    suggested = page.context["form"].initial["username"]
    response = client.post(f"/staff/{member.pk}/account/", {"action": "create", "username": username or suggested})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    [(login, code)] = slips_of(response.content)
    return login, code


def _sign_in(school, login: str, password: str) -> tuple[Client, object]:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST=host_of(school))
    return client, client.post("/login/", {"username": login, "password": password})


# --- 1. A login from the staff card --------------------------------------------------------------


@pytest.mark.parametrize("key", ["admin_alpha", "director_a"])
def test_the_card_offers_a_login_to_the_sysadmin_and_the_director(world, key):
    member = new_staff(world.school_a)
    page = client_for(world.school_a, world.people[key]).get(f"/staff/{member.pk}/").content.decode()
    assert "Создать учётную запись" in page
    assert f"/staff/{member.pk}/account/" in page


def test_the_curator_sees_the_card_but_not_the_login_action(world):
    member = new_staff(world.school_a)
    page = client_for(world.school_a, world.people["curator_a"]).get(f"/staff/{member.pk}/").content.decode()
    assert "Эскиева" in page
    assert f"/staff/{member.pk}/account/" not in page


def test_the_login_is_suggested_in_the_projects_style(world):
    member = new_staff(world.school_a)
    assert accounts.staff_login_suggest(member) == "eskieva.khr"
    Person.objects.create_user("eskieva.khr", last_name="Эскиева", first_name="Хеда")
    assert accounts.staff_login_suggest(member) == "eskieva.khr2"


def test_creating_a_login_prints_a_slip_and_makes_an_account_with_a_membership(world):
    member = new_staff(world.school_a)
    login, code = _create_login(world, member)
    assert login == "eskieva.khr"
    person = Person.objects.get(username=login)
    assert person.must_set_password and person.check_password(code)
    assert person.birth_date == dt.date(1999, 3, 14)
    assert Membership.objects.get(person=person, school=world.school_a).roles == [SchoolRole.TEACHER]
    with schema_context(world.school_a.schema_name):
        assert StaffMember.objects.get(pk=member.pk).person_id == person.pk
        assert AuditEvent.objects.filter(action="staff.account_created", target_id=str(member.pk)).exists()
    text = slip_text(client_for(world.school_a, world.people["admin_alpha"]).post(
        f"/staff/{member.pk}/account/code/").content)
    for expected in ("МБОУ «СОШ с. Альфа»", "http://alpha.localhost/", "Эскиева Хава Руслановна",
                     "Придумайте свой пароль"):
        assert expected in text


def test_a_taken_or_malformed_login_is_refused_naming_the_field_and_nothing_is_created(world):
    member = new_staff(world.school_a)
    client = client_for(world.school_a, world.people["admin_alpha"])
    before = Person.objects.count()
    for username, message in (("teacher_a", "занят"), ("Эскиева", "латинских")):
        response = client.post(f"/staff/{member.pk}/account/", {"action": "create", "username": username})
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["username"])
    assert Person.objects.count() == before
    with schema_context(world.school_a.schema_name):
        assert StaffMember.objects.get(pk=member.pk).person_id is None


@pytest.mark.parametrize("key", ["curator_a", "teacher_a", "mentee_a"])
def test_the_account_pages_are_404_without_the_right(world, key):
    member = new_staff(world.school_a)
    client = client_for(world.school_a, world.people[key])
    before = Person.objects.count()
    assert client.get(f"/staff/{member.pk}/account/").status_code == 404
    assert client.post(f"/staff/{member.pk}/account/", {"username": "x.y"}).status_code == 404
    assert client.post(f"/staff/{member.pk}/account/code/").status_code == 404
    assert client.get("/staff/accounts/").status_code == 404
    assert client.post("/staff/accounts/").status_code == 404
    assert Person.objects.count() == before


def test_another_schools_staff_member_is_the_same_404_as_a_missing_one(world):
    member = new_staff(world.school_a)
    client = client_for(world.school_b, world.people["director_b"])
    missing = client.get("/staff/00000000-0000-0000-0000-000000000000/account/")
    other = client.get(f"/staff/{member.pk}/account/")
    assert missing.status_code == other.status_code == 404
    assert client.post(f"/staff/{member.pk}/account/code/").status_code == 404
    anonymous = Client(HTTP_HOST=host_of(world.school_a)).get(f"/staff/{member.pk}/account/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    other_school_person = client_for(world.school_a, world.people["director_b"]).get(f"/staff/{member.pk}/account/")
    assert other_school_person.status_code == 302 and other_school_person["Location"].startswith("/login/")


# --- One person, one account in the district ----------------------------------------------------


def test_a_person_of_another_school_is_shown_and_added_only_on_confirmation(world):
    in_a = new_staff(world.school_a)
    login, _code = _create_login(world, in_a)
    person = Person.objects.get(username=login)
    in_b = new_staff(world.school_b)  # the same full name and date of birth
    client = client_for(world.school_b, world.people["director_b"])
    page = client.get(f"/staff/{in_b.pk}/account/")
    assert page.status_code == 200
    assert page.context["match"].person == person
    assert login in page.content.decode() and "Альфа" in page.content.decode()
    people_before = Person.objects.count()
    # Never a second account: creating one is refused while the district has this person.
    refused = client.post(f"/staff/{in_b.pk}/account/", {"action": "create", "username": "another.login"})
    assert refused.status_code == 200 and Person.objects.count() == people_before
    # Never silently: the bulk step leaves them for confirmation.
    assert client.post("/staff/accounts/").status_code == 302
    assert not Membership.objects.filter(person=person, school=world.school_b).exists()
    # Confirmed: one account, two memberships.
    assert client.post(f"/staff/{in_b.pk}/account/", {"action": "link"}).status_code == 302
    assert Person.objects.count() == people_before
    assert set(Membership.objects.filter(person=person, is_active=True).values_list("school__slug", flat=True)) == {
        "alpha", "beta"}
    with schema_context(world.school_b.schema_name):
        assert StaffMember.objects.get(pk=in_b.pk).person_id == person.pk


def test_the_same_email_is_the_same_person(world):
    Person.objects.filter(username="teacher_b").update(email="khava@example.ru")
    in_a = new_staff(world.school_a, last_name="Другая", first_name="Фамилия", email="KHAVA@example.ru")
    with schema_context(world.school_a.schema_name):
        match = accounts.staff_account_match(in_a)
    assert match is not None and match.person.username == "teacher_b"


# --- 2. Many at once ------------------------------------------------------------------------------


def test_logins_for_everyone_without_one_in_one_step_with_four_slips_to_a_page(world):
    members = [new_staff(world.school_a, last_name=f"Мусаев{suffix}", first_name="Ваха", patronymic="Алиевич",
                         birth_date=dt.date(1990, 1, day)) for day, suffix in enumerate("абвгд", start=1)]
    client = client_for(world.school_a, world.people["admin_alpha"])
    assert "5" in client.get("/staff/accounts/").content.decode()
    response = client.post("/staff/accounts/")
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2  # 5 slips: 4 + 1
    slips = dict(slips_of(response.content))
    assert len(slips) == 5
    for login, code in slips.items():
        assert Person.objects.get(username=login).check_password(code)
    with schema_context(world.school_a.schema_name):
        assert all(StaffMember.objects.get(pk=m.pk).person_id for m in members)
    # A second run has nobody left.
    again = client.post("/staff/accounts/")
    assert again.status_code == 302


# --- 3. First sign-in, the one-time code ---------------------------------------------------------


def test_the_first_sign_in_must_choose_a_password_before_anything_else(world):
    member = new_staff(world.school_a)
    login, code = _create_login(world, member)
    client, response = _sign_in(world.school_a, login, code)
    assert response.status_code == 302
    for path in ("/", "/orders/", "/profile/", "/api/me/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked["Location"] == "/password/set/", path
    weak = client.post("/password/set/", {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "Введённый пароль состоит только из цифр." in weak.content.decode()
    assert Person.objects.get(username=login).must_set_password
    done = client.post("/password/set/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get("/").status_code == 200
    person = Person.objects.get(username=login)
    assert not person.must_set_password and not person.check_password(code)
    # The code does not work again.
    assert _sign_in(world.school_a, login, code)[1].status_code == 200


def test_a_new_one_time_code_replaces_the_password_and_ends_sessions_and_tokens(world):
    member = world.staff("teacher_a")
    teacher = world.person("teacher_a")
    Token.objects.create(user=teacher)
    session = client_for(world.school_a, teacher)
    assert session.get("/").status_code == 200
    response = client_for(world.school_a, world.people["admin_alpha"]).post(f"/staff/{member.pk}/account/code/")
    [(login, code)] = slips_of(response.content)
    assert login == "teacher_a"
    teacher.refresh_from_db()
    assert teacher.must_set_password and teacher.check_password(code) and not teacher.check_password(PASSWORD)
    assert not Token.objects.filter(user=teacher).exists()
    assert session.get("/").status_code == 302
    with schema_context(world.school_a.schema_name):
        assert AuditEvent.objects.filter(action="person.one_time_code_issued", target_id=str(teacher.pk)).exists()


# --- 4. Leaving ends access at once ---------------------------------------------------------------


def test_leaving_one_school_keeps_the_other_working(world):
    both = world.person("both")
    token = Token.objects.create(user=both)
    at_a, at_b = client_for(world.school_a, both), client_for(world.school_b, both)
    assert at_a.get("/").status_code == 200 and at_b.get("/").status_code == 200
    with schema_context(world.school_a.schema_name):
        staff_deactivate(school=world.school_a, acting_user=world.people["admin_alpha"], member=world.staff("both"))
    assert not Membership.objects.get(person=both, school=world.school_a).is_active
    # Alpha: the open session is signed out on the next click; the token finds nothing there.
    assert at_a.get("/").status_code == 302
    api_a = Client(HTTP_HOST=host_of(world.school_a), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_a.get("/api/me/").status_code == 404
    # Beta: untouched.
    assert at_b.get("/").status_code == 200
    api_b = Client(HTTP_HOST=host_of(world.school_b), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_b.get("/api/me/").status_code == 200
    assert Person.objects.get(pk=both.pk).is_active
    # Nothing deleted.
    with schema_context(world.school_a.schema_name):
        assert StaffMember.objects.filter(person=both).exists()


def test_a_person_who_belongs_nowhere_is_deactivated_and_the_token_answers_401(world):
    teacher = world.person("teacher_b")
    token = Token.objects.create(user=teacher)
    session = client_for(world.school_b, teacher)
    with schema_context(world.school_b.schema_name):
        staff_deactivate(school=world.school_b, acting_user=world.people["director_b"],
                         member=world.staff("teacher_b", world.school_b))
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert session.get("/").status_code == 302
    api = Client(HTTP_HOST=host_of(world.school_b), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/me/").status_code == 401
    assert _sign_in(world.school_b, "teacher_b", PASSWORD)[1].status_code == 200
    assert Membership.objects.filter(person=teacher, school=world.school_b).exists()  # kept, inactive


def test_a_new_code_is_refused_for_a_deactivated_staff_member(world):
    with schema_context(world.school_b.schema_name):
        member = staff_deactivate(school=world.school_b, acting_user=world.people["director_b"],
                                  member=world.staff("teacher_b", world.school_b))
    response = client_for(world.school_b, world.people["director_b"]).post(f"/staff/{member.pk}/account/code/")
    assert response.status_code == 302
    assert not world.person("teacher_b").must_set_password


def test_the_management_command_creates_the_logins_and_writes_the_slips(world, tmp_path):
    from django.core.management import call_command

    new_staff(world.school_a)
    out = tmp_path / "slips.pdf"
    call_command("create_staff_logins", "alpha", "--out", str(out))
    [(login, code)] = slips_of(out.read_bytes())
    assert login == "eskieva.khr" and Person.objects.get(username=login).check_password(code)
    assert "https://alpha.localhost/" in slip_text(out.read_bytes())


def test_the_bulk_page_costs_the_same_queries_for_many_people(world, django_assert_max_num_queries):
    in_a = new_staff(world.school_a)
    _create_login(world, in_a)
    new_staff(world.school_b)  # the same person: to confirm
    client = client_for(world.school_b, world.people["director_b"])
    client.get("/staff/accounts/")  # warm-up (sessions, settings)
    for n in range(15):
        new_staff(world.school_b, last_name=f"Новиков{n}", first_name="Иса", patronymic="Ахмедович",
                  birth_date=dt.date(1995, 1, n + 1), email=f"n{n}@example.ru")
    with django_assert_max_num_queries(16):
        page = client.get("/staff/accounts/")
    assert [m.full_name for m in page.context["to_confirm"]] == ["Эскиева Хава Руслановна"]
    assert page.context["new_count"] == 15
