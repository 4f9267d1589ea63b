"""The host school signs the cross-school pair's order and starts it, as for any pair — and the guest
mentor stays a guest limited to the programme."""

from __future__ import annotations

from django.utils import timezone
from django_tenants.utils import schema_context

from mentoring.models import PairStatus
from mentoring.services.pairs import pair_activate, pair_draft_order
from orders.services import order_sign
from people.models import Membership
from people.roles import SchoolRole
from staff.models import StaffMember
from tests.conftest import client_for
from tests.exchange.factories import cross_school_pair


def test_signing_and_starting_the_pair_keeps_the_guest_a_guest(world):  # type: ignore[no-untyped-def]
    made = cross_school_pair(world.school_a, world.school_b, host_curator=world.person("curator_a"),
                             home_decider=world.person("director_b"))
    with schema_context(world.school_a.schema_name):
        from consents.models import ConsentPurpose
        from consents.services import consent_give

        for purpose in (ConsentPurpose.PROCESSING_PROGRAMME, ConsentPurpose.EXTRA_DUTIES):
            consent_give(school=world.school_a, acting_user=world.person("curator_a"), staff=made.mentee,
                         purpose=purpose, given_on=timezone.localdate())
        order = pair_draft_order(school=world.school_a, acting_user=world.person("curator_a"), pair=made.pair,
                                 number="7/обм", date=timezone.localdate())
        order_sign(school=world.school_a, acting_user=world.person("director_a"), order=order,
                   signer=StaffMember.objects.get(person=world.person("director_a")))
        pair = pair_activate(school=world.school_a, acting_user=world.person("curator_a"), pair=made.pair)
    assert pair.status == PairStatus.ACTIVE
    membership = Membership.objects.get(person=made.mentor.person, school=world.school_a)
    assert membership.roles == [SchoolRole.GUEST_MENTOR]
    guest = client_for(world.school_a, made.mentor.person)
    assert guest.get("/staff/").status_code == 404
    assert guest.get(f"/programmes/{made.programme.pk}/").status_code == 200
