"""When a cross-school pair ends in the host school, the mentor's place is given back."""

from __future__ import annotations

from django_tenants.utils import schema_context

from exchange.directory import directory_sync_school
from exchange.models import DirectoryEntry
from exchange.selectors import held_places
from mentoring.services.pairs import pair_end
from tests.exchange.factories import cross_school_pair


def test_the_hosts_refresh_notes_the_end_and_frees_the_place(world):  # type: ignore[no-untyped-def]
    made = cross_school_pair(world.school_a, world.school_b, host_curator=world.person("curator_a"),
                             home_decider=world.person("director_b"), capacity=1)
    key = (world.school_b.pk, made.mentor.staff.pk)
    assert held_places([key]) == {key: 1}
    with schema_context(world.school_a.schema_name):
        pair_end(school=world.school_a, acting_user=world.person("curator_a"), pair=made.pair)
        directory_sync_school(school=world.school_a)  # what the host's debounced refresh runs
    made.proposal.refresh_from_db()
    assert made.proposal.ended_on is not None
    assert held_places([key]) == {}
    with schema_context(world.school_b.schema_name):
        directory_sync_school(school=world.school_b)
    assert DirectoryEntry.objects.get(school=world.school_b, staff_uuid=made.mentor.staff.pk).capacity == 1
