"""Exclusions, a hard rule: the district's same-school rule, the curator's own exclusions, and a mentor
who declined is not offered for the same request again."""

from __future__ import annotations

from django_tenants.utils import schema_context

from exchange import ranking, services
from exchange.models import MentorRequest
from tests.conftest import client_for
from tests.exchange.factories import new_mentee
from tests.exchange.xfactories import listed_mentor, open_request, proposed


def _ranked(request: MentorRequest, entry_pk) -> object:  # type: ignore[no-untyped-def]
    request.refresh_from_db()
    return next(score for score, entry in ranking.request_rank(request=request) if entry.pk == entry_pk)


def test_the_district_may_allow_mentors_of_the_requesting_school(world):  # type: ignore[no-untyped-def]
    own = listed_mentor(world.school_a, world.person("director_a"))
    request = open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a))
    assert _ranked(request, own.entry.pk).eligible is False
    weights = ranking.exchange_rules().weights.as_dict()
    services.exchange_settings_update(acting_user=world.person("district_admin"), require_subject_match=True,
                                      min_experience_years=3, answer_days=7, weights=weights,
                                      exclude_same_school=False)
    assert _ranked(request, own.entry.pk).eligible is True


def test_a_declining_school_is_not_asked_again_for_that_request(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("director_b"))
    request = open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a))
    proposal = proposed(request, mentor, world.person("curator_a"))
    with schema_context(world.school_b.schema_name):
        services.proposal_school_decide(acting_user=world.person("director_b"), school=world.school_b,
                                        proposal=proposal, approve=False, reason="Наставник в отпуске")
    score = _ranked(request, mentor.entry.pk)
    assert score.eligible is False and score.refusals  # type: ignore[attr-defined]


def test_the_curator_rules_a_mentor_out_and_back_in_others_get_404(world):  # type: ignore[no-untyped-def]
    mentor = listed_mentor(world.school_b, world.person("director_b"))
    request = open_request(world.school_a, world.person("curator_a"), new_mentee(world.school_a))
    url = f"/exchange/requests/{request.pk}/exclude/"
    assert client_for(world.school_b, world.person("curator_b")).post(url, {"entry": mentor.entry.pk}).status_code \
        == 404
    assert client_for(world.school_a, world.person("teacher_a")).post(url, {"entry": mentor.entry.pk}).status_code \
        == 404
    curator = client_for(world.school_a, world.person("curator_a"))
    assert curator.post(url, {"entry": mentor.entry.pk}).status_code == 302
    assert _ranked(request, mentor.entry.pk).eligible is False
    assert curator.post(url, {"entry": mentor.entry.pk, "action": "include"}).status_code == 302
    assert _ranked(request, mentor.entry.pk).eligible is True
    curator.post(url, {"entry": "not-a-uuid"})
    request.refresh_from_db()
    assert request.excluded_entries == []
