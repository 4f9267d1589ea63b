"""One-time links by e-mail: the invitation and the forgotten password, each valid only at its space's host."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token

from district.selectors import district_settings
from people.models import Person
from tests.accounts.helpers import new_staff
from tests.conftest import PASSWORD, client_for, host_of

NEW = "Rodnik-v-gorakh-2026"  # noqa: S105
LINK = re.compile(r"http://[^/\s]+(/(?:invite|password/reset)/[^\s]+/)")


def _invite(world, django_capture_on_commit_callbacks, email: str = "khava@example.ru"):  # type: ignore[no-untyped-def]
    member = new_staff(world.school_a, email=email)
    client = client_for(world.school_a, world.people["admin_alpha"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/{member.pk}/account/", {"action": "create", "username": "eskieva.khr"})
    assert response["Content-Type"] == "application/pdf"  # the slip, always
    return Person.objects.get(username="eskieva.khr")


def test_an_invitation_email_with_a_one_time_link_goes_to_a_staff_member_with_an_email(
        world, django_capture_on_commit_callbacks):
    _invite(world, django_capture_on_commit_callbacks)
    [letter] = mail.outbox
    assert letter.to == ["khava@example.ru"]
    assert "eskieva.khr" in letter.body and "МБОУ «СОШ с. Альфа»" in letter.body and "14 дн." in letter.body
    path = LINK.search(letter.body).group(1)  # type: ignore[union-attr]
    assert path.startswith("/invite/")
    client = Client(HTTP_HOST=host_of(world.school_a))
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == "/password/set/"
    assert client.post("/password/set/", {"new_password1": NEW, "new_password2": NEW}).status_code == 302
    assert client.get("/").status_code == 200
    # One time only: the link is spent.
    assert Client(HTTP_HOST=host_of(world.school_a)).get(path).status_code == 404


def test_no_email_no_letter(world, django_capture_on_commit_callbacks):
    _invite(world, django_capture_on_commit_callbacks, email="")
    assert mail.outbox == []


def test_the_invitation_link_works_only_at_its_schools_host(world, django_capture_on_commit_callbacks):
    person = _invite(world, django_capture_on_commit_callbacks)
    path = LINK.search(mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    # Another school's host (where she does not belong) and a host where she does, both refuse it.
    from people.services import membership_grant

    membership_grant(acting_user=None, school=world.school_b, person=person, roles=["teacher"])
    for school in (world.school_b,):
        response = Client(HTTP_HOST=host_of(school)).get(path)
        assert response.status_code == 404
        assert "Ссылка не действует" in response.content.decode()
    assert Client(HTTP_HOST=host_of(world.school_a)).get(path).status_code == 302


def test_the_invitation_link_expires_after_the_districts_number_of_days(world, django_capture_on_commit_callbacks):
    import people.tokens as tokens

    row = district_settings()
    row.invitation_valid_days = 3
    row.save()
    _invite(world, django_capture_on_commit_callbacks)
    path = LINK.search(mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    real_now = tokens.SpaceTokenGenerator._now
    try:
        tokens.SpaceTokenGenerator._now = lambda self: real_now(self) + dt.timedelta(days=3, hours=1)  # type: ignore[method-assign]
        assert Client(HTTP_HOST=host_of(world.school_a)).get(path).status_code == 404
    finally:
        tokens.SpaceTokenGenerator._now = real_now  # type: ignore[method-assign]
    assert Client(HTTP_HOST=host_of(world.school_a)).get(path).status_code == 302


# --- Forgotten password -----------------------------------------------------------------------------


def _ask_reset(school, email: str) -> None:  # type: ignore[no-untyped-def]
    response = Client(HTTP_HOST=host_of(school)).post("/password/reset/", {"email": email})
    assert response.status_code == 302 and response["Location"] == "/password/reset/done/"


def test_a_forgotten_password_is_reset_by_email_from_the_schools_login_page(world):
    mentor = world.person("mentor_a")
    Person.objects.filter(pk=mentor.pk).update(email="mentor@example.ru")
    token = Token.objects.create(user=mentor)
    elsewhere = client_for(world.school_a, mentor)
    assert "/password/reset/" in Client(HTTP_HOST=host_of(world.school_a)).get("/login/").content.decode()
    _ask_reset(world.school_a, "MENTOR@example.ru")
    [letter] = mail.outbox
    assert letter.to == ["mentor@example.ru"] and "http://alpha.localhost/password/reset/" in letter.body
    path = LINK.search(letter.body).group(1)  # type: ignore[union-attr]
    client = Client(HTTP_HOST=host_of(world.school_a))
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/password/reset/complete/"
    mentor.refresh_from_db()
    assert mentor.check_password(NEW)
    assert elsewhere.get("/").status_code == 302
    assert not Token.objects.filter(pk=token.pk).exists()
    # Spent.
    again = Client(HTTP_HOST=host_of(world.school_a)).get(path, follow=True)
    assert not again.context["validlink"]


def test_a_reset_link_is_refused_at_another_schools_host(world):
    both = world.person("both")
    Person.objects.filter(pk=both.pk).update(email="both@example.ru")
    _ask_reset(world.school_a, "both@example.ru")
    path = LINK.search(mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    at_beta = Client(HTTP_HOST=host_of(world.school_b)).get(path, follow=True)
    assert at_beta.status_code == 404 and not at_beta.context["validlink"]
    assert Person.objects.get(pk=both.pk).check_password(PASSWORD)


def test_no_letter_for_an_email_that_cannot_sign_in_here(world):
    Person.objects.filter(username="teacher_b").update(email="teacher.b@example.ru")
    _ask_reset(world.school_a, "teacher.b@example.ru")  # the same answer as for anyone
    _ask_reset(world.school_a, "nobody@example.ru")
    assert mail.outbox == []
