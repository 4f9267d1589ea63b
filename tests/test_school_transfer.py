"""manage.py school_export / school_import: a school lost and restored from its archive, nothing else touched.

A school of its own (gamma) is registered for the test, given staff, a member who also works at
school A, kept figures and a file; it is exported, then lost (schema dropped, public rows deleted,
files gone) and imported back. The schema's tables and the public rows match the manifest row
for row; every other school's schema has the same checksums before and after; a second import is
refused naming the conflict, and a damaged archive is refused, both changing nothing.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context

from people.models import Membership, Person
from people.roles import SchoolRole
from staff.models import StaffMember
from stats.models import FiguresState, SchoolFigures
from tenants.models import Domain, School
from tenants.transfer import public_checksums, public_rows, schema_checksums

pytestmark = pytest.mark.worker  # commits: runs outside the per-test transaction


@pytest.fixture
def committed(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        yield


def _lose(school_uuid: str, schema: str) -> None:
    """What a lost school looks like: no schema, none of its public rows, no files (people stay)."""
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    school = School.objects.filter(uuid=school_uuid).first()
    if school is not None:
        SchoolFigures.objects.filter(school=school).delete()
        FiguresState.objects.filter(school=school).delete()
        Membership.objects.filter(school=school).delete()
        Domain.objects.filter(tenant=school).delete()
        School.objects.filter(pk=school.pk).delete()
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "schools" / schema, ignore_errors=True)


def _other_schemas() -> dict[str, dict[str, object]]:
    return {schema: schema_checksums(schema)
            for schema in School.objects.exclude(slug="gamma").values_list("schema_name", flat=True)}


@pytest.fixture
def gamma(committed) -> Iterator[School]:  # type: ignore[no-untyped-def]
    from people.services import membership_grant
    from stats.services import figures_refresh
    from tenants.services import FirstAdministrator, school_register

    school = school_register(acting_user=None, slug="gamma", full_name="МБОУ «СОШ с. Гамма»",
                             short_name="СОШ с. Гамма", administrator=FirstAdministrator(
                                 username="admin_gamma", last_name="Гаммов", first_name="Админ",
                                 password="gamma-pass-123")).school
    both = Person.objects.get(username="both")
    membership_grant(acting_user=None, school=school, person=both, roles=[SchoolRole.TEACHER])
    with schema_context(school.schema_name):
        for last_name in ("Гаммова", "Гаммаев", "Гаммиев"):
            StaffMember.objects.create(last_name=last_name, first_name="Тест", position="учитель")
        StaffMember.objects.create(last_name=both.last_name, first_name="Тест", position="учитель физики",
                                   person=both)
    figures_refresh(school=school)
    evidence = Path(settings.MEDIA_ROOT) / "schools" / school.schema_name / "evidence" / "act.txt"
    evidence.parent.mkdir(parents=True, exist_ok=True)
    evidence.write_text("акт о выполнении")
    try:
        yield school
    finally:
        _lose(str(school.uuid), school.schema_name)
        with connection.cursor() as cursor:  # not through the ORM: it would look for school tables in public
            cursor.execute("DELETE FROM people_person WHERE username = 'admin_gamma'")


def test_a_lost_school_comes_back_from_its_archive_and_no_other_school_changes(gamma, tmp_path: Path):
    archive = tmp_path / "gamma.tar.gz"
    call_command("school_export", "gamma", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["schema_tables"]["staff_staffmember"]["rows"] == 4
    assert manifest["public_rows"]["people.Membership"]["rows"] == 2  # the administrator and «both»
    assert manifest["public_rows"]["stats.SchoolFigures"]["rows"] >= 1
    assert "media/evidence/act.txt" in manifest["files"]
    original_public = public_checksums(public_rows(gamma))
    assert original_public == manifest["public_rows"]

    others = _other_schemas()
    _lose(str(gamma.uuid), gamma.schema_name)
    assert not School.objects.filter(slug="gamma").exists()

    out = io.StringIO()
    call_command("school_import", str(archive), stdout=out)
    assert "imported" in out.getvalue()
    school = School.objects.get(slug="gamma")
    assert str(school.uuid) == manifest["school"]["uuid"] and school.pk != gamma.pk
    assert schema_checksums(school.schema_name) == manifest["schema_tables"]
    assert public_checksums(public_rows(school)) == manifest["public_rows"]
    assert Domain.objects.get(tenant=school).domain == f"gamma.{settings.DISTRICT_HOST}"
    with schema_context(school.schema_name):
        assert StaffMember.objects.filter(person__username="both").count() == 1
    evidence = Path(settings.MEDIA_ROOT) / "schools" / school.schema_name / "evidence" / "act.txt"
    assert evidence.read_text() == "акт о выполнении"
    assert Person.objects.filter(username="both").count() == 1  # the shared person kept, not doubled
    assert _other_schemas() == others


def test_an_import_conflicting_with_what_is_here_or_a_damaged_archive_is_refused_and_changes_nothing(
        gamma, tmp_path: Path):
    archive = tmp_path / "gamma.tar.gz"
    call_command("school_export", "gamma", str(archive), stdout=io.StringIO())
    before = (_other_schemas(), schema_checksums(gamma.schema_name), public_checksums(public_rows(gamma)),
              Person.objects.count())

    with pytest.raises(CommandError) as refused:
        call_command("school_import", str(archive), stdout=io.StringIO())
    message = str(refused.value)
    assert message.startswith("Ничего не импортировано")
    assert "Школа с адресом «gamma» уже есть" in message and "Схема «gamma» уже существует" in message

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "public.json":
                data = data.replace("Гамма".encode(), "Дельта".encode())
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="Архив повреждён: «public.json» не совпадает с контрольной суммой"):
        call_command("school_import", str(damaged), stdout=io.StringIO())

    with pytest.raises(CommandError, match="Школы «nowhere» здесь нет"):
        call_command("school_export", "nowhere", str(tmp_path / "x.tar.gz"), stdout=io.StringIO())
    after = (_other_schemas(), schema_checksums(gamma.schema_name), public_checksums(public_rows(gamma)),
             Person.objects.count())
    assert after == before
