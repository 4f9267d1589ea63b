"""A school A with two pairs (mentor_a's and another), a request and an agreement; school B with its own pair."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django_tenants.utils import schema_context

from mentoring.models import Agreement, Pair, PairRequest, PairStatus, RequestKind
from tests.pairs import factories as f


@dataclass
class Scene:
    own: Pair  # mentor_a mentors mentee_a
    other: Pair  # neither of them takes part
    petition: PairRequest  # mentee_a's petition about `own`
    agreement: Agreement  # mentor_a's agreement for `own`
    pair_b: Pair  # school B's pair


def build_scene(world) -> Scene:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        mentor = f.mentor(world.staff("mentor_a"), capacity=5)
        mentee = f.mentee(world.staff("mentee_a"))
        own = f.pair([mentor], [mentee], status=PairStatus.ACTIVE)
        other = f.pair([f.mentor(last_name="Чужакова")], [f.mentee(last_name="Посторонний")])
        petition = PairRequest.objects.create(pair=own, kind=RequestKind.REPLACE_MENTOR, submitted_by=mentee,
                                              reason="Секретная причина", submitted_on=dt.date(2025, 10, 1))
        agreement = Agreement.objects.create(pair=own, mentor=mentor, content="Адаптация", starts_on=f.GIVEN,
                                             ends_on=dt.date(2025, 5, 31), form="очная", payment="доплата")
    with schema_context(world.school_b.schema_name):
        pair_b = f.pair([f.mentor(last_name="Бетова")], [f.mentee(last_name="Бетин")])
    return Scene(own=own, other=other, petition=petition, agreement=agreement, pair_b=pair_b)


def more_pairs(world, count: int) -> None:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        for _ in range(count):
            f.pair([f.mentor()], [f.mentee(), f.mentee()])
