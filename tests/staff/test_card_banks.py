"""The staff card leads into the banks: «Добавить в базу наставляемых / наставников» where someone is not in one."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from banks.models import MenteeProfile
from staff.models import StaffMember
from tests.conftest import client_for
from tests.pairs import factories as f

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


@pytest.fixture
def newcomer(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        member = f.staff("Новикова")
        StaffMember.objects.filter(pk=member.pk).update(is_young_specialist=True)
        return member


def card(world, key, member, school=None):  # type: ignore[no-untyped-def]
    return client_for(school or world.school_a, world.people[key]).get(f"/staff/{member.pk}/", **RU)


def test_the_curator_is_offered_both_banks_from_the_card(world, newcomer):
    page = card(world, "curator_a", newcomer).content.decode()
    assert f'href="/banks/mentees/add/?staff={newcomer.pk}&amp;category=young_specialist"' in page
    assert f'href="/banks/mentors/add/?staff={newcomer.pk}"' in page
    assert "Добавить в базу наставляемых" in page and "Добавить в базу наставников" in page


def test_the_bank_forms_start_with_the_person_chosen(world, newcomer):
    client = client_for(world.school_a, world.people["curator_a"])
    for url in (f"/banks/mentees/add/?staff={newcomer.pk}&category=young_specialist",
                f"/banks/mentors/add/?staff={newcomer.pk}"):
        page = client.get(url).content.decode()
        assert f'<option value="{newcomer.pk}" selected>' in page


def test_once_in_the_bank_the_card_links_to_the_record_and_offers_no_second_add(world, newcomer):
    with schema_context(world.school_a.schema_name):
        f.mentee(newcomer)
        profile = MenteeProfile.objects.get(staff=newcomer)
    page = card(world, "curator_a", newcomer).content.decode()
    assert f'href="/banks/mentees/{profile.pk}/"' in page
    assert "/banks/mentees/add/" not in page and f'href="/banks/mentors/add/?staff={newcomer.pk}"' in page


@pytest.mark.parametrize("key", ["director_a"])
def test_who_cannot_keep_the_banks_is_not_offered_the_action(world, newcomer, key):
    page = card(world, key, newcomer).content.decode()
    assert "/banks/mentees/add/" not in page and "/banks/mentors/add/" not in page


def test_a_deactivated_member_is_not_offered(world, newcomer):
    with schema_context(world.school_a.schema_name):
        StaffMember.objects.filter(pk=newcomer.pk).update(is_active=False)
    page = card(world, "curator_a", newcomer).content.decode()
    assert "/banks/mentees/add/" not in page and "/banks/mentors/add/" not in page


def test_the_card_is_the_same_404_for_another_school(world, newcomer):
    assert card(world, "curator_b", newcomer, school=world.school_b).status_code == 404


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a"])
def test_the_card_is_the_same_404_without_the_right(world, newcomer, key):
    assert card(world, key, newcomer).status_code == 404
