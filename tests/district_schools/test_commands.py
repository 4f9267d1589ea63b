"""manage.py archive_school and restore_school: the same service as the district's page, for scripts."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from tenants.models import School, SchoolStatus


def test_archive_school_archives_with_the_reason_and_restore_school_brings_it_back(world, capsys):
    call_command("archive_school", "beta", "--reason", "Реорганизация")
    fresh = School.objects.get(pk=world.school_b.pk)
    assert (fresh.status, fresh.archive_reason, fresh.archived_by) == (SchoolStatus.ARCHIVED, "Реорганизация", None)
    assert "archived" in capsys.readouterr().out
    event = AuditEvent.objects.get(school_uuid=fresh.uuid, action="school.archived")
    assert event.actor is None and event.actor_name == "system"

    call_command("restore_school", "beta")
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE


@pytest.mark.parametrize(("args", "message"), [
    (["beta", "--reason", "  "], "reason:"),
    (["no-such-school", "--reason", "x"], "No school"),
    (["school-template", "--reason", "x"], "No school"),
    (["beta"], "--reason"),
])
def test_archive_school_refuses_bad_input_and_changes_nothing(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("archive_school", *args)
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE
    assert not AuditEvent.objects.filter(action="school.archived").exists()


def test_archive_school_twice_and_restore_of_an_active_school_are_refused(world):
    call_command("archive_school", "beta", "--reason", "Реорганизация")
    with pytest.raises(CommandError):
        call_command("archive_school", "beta", "--reason", "ещё раз")
    call_command("restore_school", "beta")
    with pytest.raises(CommandError):
        call_command("restore_school", "beta")
    assert School.objects.get(pk=world.school_b.pk).status == SchoolStatus.ACTIVE
