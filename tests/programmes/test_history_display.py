"""The programme's history reads as words and Russian dates, not stored values."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from mentoring.models import ChangeKind, ProgrammeChange
from mentoring.selectors.programmes import programme_history
from tests.conftest import client_for


def test_history_rows_name_fields_and_values(world, active):
    ProgrammeChange.objects.create(programme=active.programme, kind=ChangeKind.EXTENSION,
                                   before={"ends_on": "2026-05-31"}, after={"ends_on": "2026-08-31"},
                                   agreed_by_mentor=True, agreed_by_mentee=True)
    ProgrammeChange.objects.create(programme=active.programme, kind=ChangeKind.ADJUSTMENT, before={},
                                   after={"activity": str(active.activity.pk), "status": "done",
                                          "responsible": str(active.mentee.pk)})
    with translation.override("ru"):
        rows = [(change.before_rows, change.after_rows) for change in programme_history(active.programme)]
        page = client_for(world.school_a, world.people["curator_a"]).get(
            f"/programmes/{active.programme.pk}/").content.decode()
        done = "Выполнено"
    flat = [value for before, after in rows for _label, value in before + after]
    assert "31.08.2026" in flat and "31.05.2026" in flat
    assert done in flat and active.mentee.full_name in flat
    assert "2026-08-31" not in page and "31.08.2026" in page


def test_history_rows_take_one_query_for_names_whatever_the_length(world, active, django_assert_max_num_queries):
    for day in range(1, 11):
        ProgrammeChange.objects.create(programme=active.programme, kind=ChangeKind.ADJUSTMENT, before={},
                                       after={"activity": "x", "responsible": str(active.mentee.pk),
                                              "deadline": dt.date(2026, 1, day).isoformat()})
    with django_assert_max_num_queries(2):
        programme_history(active.programme)
