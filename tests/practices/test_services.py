"""The rules of the best practices bank: completed programmes only, consents before publishing, files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEvent
from consents.models import Consent, ConsentPurpose
from practices import services
from practices.models import CaseFile, MethodMaterial, PracticeCase
from tests.practices.factories import PDF, publication_consent


def _create(world, programme, who="curator_a", **kwargs):  # type: ignore[no-untyped-def]
    values = {"title": "Кейс", "description": "Описание", "results": "Итоги", "directions": ["teaching_methods"]}
    values.update(kwargs)
    return services.practice_create(school=world.school_a, acting_user=world.people[who], programme=programme,
                                    **values)


def test_case_from_a_completed_programme_is_saved_and_audited(world, bank):
    case = _create(world, bank.completed)
    assert case.programme_id == bank.completed.pk and not case.published
    assert case.directions == ["teaching_methods"]
    assert AuditEvent.objects.filter(action="practices.case_created", target_id=str(case.pk)).exists()


def test_case_from_a_programme_not_completed_is_refused_with_a_clear_message(world, bank):
    before = PracticeCase.objects.count()
    with pytest.raises(ValidationError) as caught:
        _create(world, bank.running)
    assert caught.value.error_dict["programme"][0].code == "not_completed"
    assert "Идущая программа" in caught.value.messages[0]
    assert PracticeCase.objects.count() == before


def test_bad_input_names_the_field_and_saves_nothing(world, bank):
    before = PracticeCase.objects.count()
    with pytest.raises(ValidationError) as caught:
        _create(world, bank.completed, title=" ", directions=["nonsense"])
    assert set(caught.value.error_dict) == {"title", "directions"}
    assert PracticeCase.objects.count() == before


@pytest.mark.parametrize("who", ["teacher_a", "mentor_a", "director_a", "admin_alpha"])
def test_only_programme_editors_keep_the_bank(world, bank, who):
    before = PracticeCase.objects.count()
    with pytest.raises(PermissionDenied):
        _create(world, bank.completed, who=who)
    with pytest.raises(PermissionDenied):
        services.practice_publish(school=world.school_a, acting_user=world.people[who], case=bank.case)
    assert PracticeCase.objects.count() == before
    assert not PracticeCase.objects.get(pk=bank.case.pk).published


def test_update_changes_the_case(world, bank):
    services.practice_update(school=world.school_a, acting_user=world.people["curator_a"], case=bank.case,
                             title="Новое название", description="Новое описание", results="", directions=[])
    case = PracticeCase.objects.get(pk=bank.case.pk)
    assert (case.title, case.description, case.results) == ("Новое название", "Новое описание", "")


def test_publish_is_refused_naming_who_lacks_the_publication_consent(world, bank):
    publication_consent(bank.mentor)
    with pytest.raises(ValidationError) as caught:
        services.practice_publish(school=world.school_a, acting_user=world.people["curator_a"], case=bank.case)
    message = caught.value.messages[0]
    assert bank.mentee.full_name in message and bank.mentor.full_name not in message
    assert caught.value.error_dict["published"][0].code == "no_consent"
    case = PracticeCase.objects.get(pk=bank.case.pk)
    assert not case.published and case.published_on is None


def test_publish_is_refused_after_the_consent_is_withdrawn(world, bank):
    publication_consent(bank.mentor)
    consent = publication_consent(bank.mentee)
    consent.withdrawn_on = timezone.localdate()
    consent.save()
    with pytest.raises(ValidationError):
        services.practice_publish(school=world.school_a, acting_user=world.people["curator_a"], case=bank.case)
    assert not PracticeCase.objects.get(pk=bank.case.pk).published


def test_another_consent_does_not_count(world, bank):
    publication_consent(bank.mentor)
    Consent.objects.create(staff=bank.mentee, purpose=ConsentPurpose.PROCESSING_PROGRAMME, given_on=dt.date(2025, 9, 1))
    with pytest.raises(ValidationError):
        services.practice_publish(school=world.school_a, acting_user=world.people["curator_a"], case=bank.case)


def test_publish_and_unpublish_with_every_consent(world, bank):
    publication_consent(bank.mentor)
    publication_consent(bank.mentee)
    case = services.practice_publish(school=world.school_a, acting_user=world.people["curator_a"], case=bank.case)
    assert case.published and case.published_on == timezone.localdate()
    case = services.practice_unpublish(school=world.school_a, acting_user=world.people["curator_a"], case=case)
    assert not PracticeCase.objects.get(pk=case.pk).published
    assert AuditEvent.objects.filter(action="practices.case_published", target_id=str(case.pk)).exists()


def test_case_file_is_kept_under_the_schools_folder(world, bank):
    stored = services.case_file_add(school=world.school_a, acting_user=world.people["curator_a"], case=bank.case,
                                    uploaded_file=SimpleUploadedFile("конспект.pdf", PDF), note="конспект")
    assert stored.file.name.startswith(f"schools/{world.school_a.schema_name}/practices/cases/")
    assert stored.original_name == "конспект.pdf"


@pytest.mark.parametrize(("name", "content", "code"), [
    ("script.exe", b"MZ\x90\x00", "file_type"), ("fake.pdf", b"not a pdf", "file_content"),
])
def test_a_wrong_file_is_refused_and_nothing_saved(world, bank, media, name, content, code):
    with pytest.raises(ValidationError) as caught:
        services.case_file_add(school=world.school_a, acting_user=world.people["curator_a"], case=bank.case,
                               uploaded_file=SimpleUploadedFile(name, content))
    assert caught.value.error_dict["file"][0].code == code
    assert not CaseFile.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*")) if media.exists() else True


def test_material_needs_a_file_or_a_valid_link(world, in_a):
    before = MethodMaterial.objects.count()
    for kwargs, field in (({}, "file"), ({"link": "ftp://x"}, "link"),
                          ({"link": "https://x.ru", "uploaded_file": SimpleUploadedFile("a.pdf", PDF)}, "link")):
        with pytest.raises(ValidationError) as caught:
            services.material_add(school=world.school_a, acting_user=world.people["curator_a"], title="М", **kwargs)
        assert field in caught.value.error_dict
    assert MethodMaterial.objects.count() == before


def test_material_with_a_file_and_publishing(world, in_a, media):
    material = services.material_add(school=world.school_a, acting_user=world.people["curator_a"], title="Памятка",
                                     uploaded_file=SimpleUploadedFile("памятка.pdf", PDF))
    assert material.file.name.startswith(f"schools/{world.school_a.schema_name}/practices/materials/")
    assert not material.published
    material = services.material_publish(school=world.school_a, acting_user=world.people["curator_a"],
                                         material=material)
    assert MethodMaterial.objects.get(pk=material.pk).published
    with pytest.raises(PermissionDenied):
        services.material_unpublish(school=world.school_a, acting_user=world.people["teacher_a"], material=material)
    assert MethodMaterial.objects.get(pk=material.pk).published
