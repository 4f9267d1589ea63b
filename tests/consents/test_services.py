"""Rules of consents (152-ФЗ art. 9, Labour Code art. 351.8): each rule, and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from consents.models import Consent, ConsentPurpose
from consents.selectors import has_consent, staff_with_consent
from consents.services import consent_give, consent_withdraw

P = ConsentPurpose


def give(world, key="mentor_a", purpose=P.PROCESSING_PROGRAMME, given_on=dt.date(2025, 9, 1)):  # type: ignore[no-untyped-def]
    return consent_give(school=world.school_a, acting_user=world.person("curator_a"), staff=world.staff(key),
                        purpose=purpose, given_on=given_on)


def test_a_consent_given_is_in_force_for_its_purpose_only(world):
    with schema_context(world.school_a.schema_name):
        consent = give(world)
        staff = world.staff("mentor_a")
        assert consent.in_force and consent.recorded_by_id == world.people["curator_a"].pk
        assert has_consent(staff, P.PROCESSING_PROGRAMME)
        assert not has_consent(staff, P.PUBLICATION)
        assert not has_consent(staff, P.PROCESSING_PROGRAMME, on=dt.date(2025, 8, 31))  # before it was given
        assert staff_with_consent(P.PROCESSING_PROGRAMME) == {staff.pk}
        assert AuditEvent.objects.filter(action="consent.given", target_id=str(consent.pk)).exists()


def test_a_future_date_is_refused(world):
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ValidationError) as excinfo:
            give(world, given_on=timezone.localdate() + dt.timedelta(days=1))
        assert excinfo.value.error_dict["given_on"][0].code == "future"
        assert not Consent.objects.exists()


def test_a_second_consent_in_force_for_the_same_purpose_is_refused(world):
    with schema_context(world.school_a.schema_name):
        first = give(world)
        with pytest.raises(ValidationError) as excinfo:
            give(world, given_on=dt.date(2025, 9, 2))
        assert excinfo.value.error_dict["purpose"][0].code == "duplicate"
        assert Consent.objects.count() == 1
        give(world, purpose=P.EXTRA_DUTIES)  # another purpose is another consent
        consent_withdraw(school=world.school_a, acting_user=None, consent=first, withdrawn_on=dt.date(2025, 9, 3))
        give(world, given_on=dt.date(2025, 9, 4))  # after a withdrawal, a new one may be given
        assert Consent.objects.filter(purpose=P.PROCESSING_PROGRAMME).count() == 2


def test_a_withdrawal_takes_effect_at_once(world):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        staff = world.staff("mentor_a")
        consent = give(world, purpose=P.PUBLICATION, given_on=today - dt.timedelta(days=30))
        assert has_consent(staff, P.PUBLICATION)
        withdrawn = consent_withdraw(school=world.school_a, acting_user=world.person("curator_a"), consent=consent,
                                     withdrawn_on=today)
        assert withdrawn.withdrawn_on == today and not withdrawn.in_force
        assert not has_consent(staff, P.PUBLICATION)
        assert staff_with_consent(P.PUBLICATION) == set()
        # what was in force before the withdrawal stays on record
        assert has_consent(staff, P.PUBLICATION, on=today - dt.timedelta(days=1))
        assert AuditEvent.objects.filter(action="consent.withdrawn", target_id=str(consent.pk)).exists()


def test_a_withdrawal_before_the_consent_was_given_is_refused(world):
    with schema_context(world.school_a.schema_name):
        consent = give(world)
        with pytest.raises(ValidationError) as excinfo:
            consent_withdraw(school=world.school_a, acting_user=None, consent=consent,
                             withdrawn_on=dt.date(2025, 8, 31))
        assert excinfo.value.error_dict["withdrawn_on"][0].code == "before_given"
        with pytest.raises(ValidationError) as excinfo:
            consent_withdraw(school=world.school_a, acting_user=None, consent=consent,
                             withdrawn_on=timezone.localdate() + dt.timedelta(days=1))
        assert excinfo.value.error_dict["withdrawn_on"][0].code == "future"
        consent.refresh_from_db()
        assert consent.withdrawn_on is None and has_consent(world.staff("mentor_a"), P.PROCESSING_PROGRAMME)


def test_a_consent_is_withdrawn_once(world):
    with schema_context(world.school_a.schema_name):
        consent = give(world)
        consent_withdraw(school=world.school_a, acting_user=None, consent=consent, withdrawn_on=dt.date(2025, 9, 2))
        with pytest.raises(ValidationError) as excinfo:
            consent_withdraw(school=world.school_a, acting_user=None, consent=consent,
                             withdrawn_on=dt.date(2025, 9, 5))
        assert excinfo.value.error_dict["withdrawn_on"][0].code == "already_withdrawn"
        consent.refresh_from_db()
        assert consent.withdrawn_on == dt.date(2025, 9, 2)


def test_consents_stay_in_their_school(world):
    with schema_context(world.school_a.schema_name):
        give(world, key="both")
    with schema_context(world.school_b.schema_name):
        assert not has_consent(world.staff("both", world.school_b), P.PROCESSING_PROGRAMME)
        assert staff_with_consent(P.PROCESSING_PROGRAMME) == set()
