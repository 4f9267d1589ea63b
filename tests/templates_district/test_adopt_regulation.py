"""A school adopts the district's new version of the regulation: its documents use the version it
adopted; its own wording is replaced only after confirmation and kept in the audit record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from documents import selectors
from documents.catalogue import DocumentKind
from documents.models import AdoptedTemplate, DocumentText
from documents.services import document_text_save, regulation_adopt
from regulation_templates.models import TemplateAdoption, TemplateKind
from reports.docx import docx_text
from school.selectors import templates_updates_for_school
from tests.conftest import client_for
from tests.templates_district.conftest import V2_SENTENCE, publish_regulation, standard_regulation

OWN = "Своя редакция: {{ school.short_name }} утверждает положение."


def _school_state(school) -> tuple:  # type: ignore[no-untyped-def]
    with schema_context(school.schema_name):
        return (list(AdoptedTemplate.objects.values_list("kind", "version")),
                list(DocumentText.objects.values_list("kind", "body")),
                AuditEvent.objects.filter(action="documents.regulation_adopted").count())


def _district_state() -> list[tuple]:
    return list(TemplateAdoption.objects.filter(kind=TemplateKind.REGULATION).values_list("school__slug", "version"))


def test_a_school_starts_on_version_1_and_sees_a_newer_published_one(world):
    with schema_context(world.school_a.schema_name):
        assert selectors.regulation_version().version == 1
        assert templates_updates_for_school(membership=world.people["curator_a"].memberships.get()) == []
    v2 = publish_regulation(world)
    with schema_context(world.school_a.schema_name):
        membership = world.people["curator_a"].memberships.get()
        [update] = templates_updates_for_school(membership=membership)
        assert (update.kind, update.current_version, update.new_version, update.template_id) == (
            TemplateKind.REGULATION, 1, 2, v2.pk)
        assert update.note == "Добавлен дневник наставничества" and not update.replaces_own_text
        # Until it adopts, the school's regulation stays version 1.
        assert selectors.document_text(DocumentKind.REGULATION)[0] == standard_regulation()


def test_a_draft_is_not_offered_to_schools(world):
    from regulation_templates.services import regulation_template_draft_create

    regulation_template_draft_create(acting_user=world.people["district_admin"])
    with schema_context(world.school_a.schema_name):
        assert templates_updates_for_school(membership=world.people["curator_a"].memberships.get()) == []


def test_adopting_makes_the_documents_use_the_new_version(world):
    v2 = publish_regulation(world)
    with schema_context(world.school_a.schema_name):
        adopted = regulation_adopt(school=world.school_a, acting_user=world.people["director_a"], template=v2)
        assert (adopted.version, adopted.template_id) == (2, v2.pk)
        body, own = selectors.document_text(DocumentKind.REGULATION)
        assert own is None and body.endswith(V2_SENTENCE)
        assert templates_updates_for_school(membership=world.people["director_a"].memberships.get()) == []
        event = AuditEvent.objects.get(action="documents.regulation_adopted")
        assert event.details["from_version"] == 1 and event.details["version"] == 2
    assert _district_state() == [("alpha", 2)]
    # The printed regulation carries the new paragraph.
    response = client_for(world.school_a, world.people["director_a"]).get("/documents/regulation/docx/")
    assert response.status_code == 200 and "дневник наставничества" in docx_text(response.content)
    # The other school is still on version 1, and still sees the update.
    with schema_context(world.school_b.schema_name):
        assert selectors.regulation_version().version == 1
        assert selectors.document_text(DocumentKind.REGULATION)[0] == standard_regulation()
        assert [u.new_version for u in templates_updates_for_school(
            membership=world.people["curator_b"].memberships.get())] == [2]
    response = client_for(world.school_b, world.people["director_b"]).get("/documents/regulation/docx/")
    assert "дневник наставничества" not in docx_text(response.content)


def test_an_older_or_the_same_version_is_refused(world):
    v2 = publish_regulation(world)
    with schema_context(world.school_a.schema_name):
        regulation_adopt(school=world.school_a, acting_user=world.people["curator_a"], template=v2)
    before = (_school_state(world.school_a), _district_state())
    with schema_context(world.school_a.schema_name):
        for version in (1, 2):
            from regulation_templates.models import RegulationTemplate

            with pytest.raises(ValidationError) as error:
                regulation_adopt(school=world.school_a, acting_user=world.people["curator_a"],
                                 template=RegulationTemplate.objects.get(version=version))
            assert error.value.error_dict["version"][0].code == "not_newer"
    assert (_school_state(world.school_a), _district_state()) == before


def test_the_schools_own_wording_is_replaced_only_after_confirmation_and_kept_in_the_audit(world):
    v2 = publish_regulation(world)
    with schema_context(world.school_a.schema_name):
        document_text_save(school=world.school_a, acting_user=world.people["curator_a"],
                           kind=DocumentKind.REGULATION, body=OWN)
        [update] = templates_updates_for_school(membership=world.people["curator_a"].memberships.get())
        assert update.replaces_own_text
    before = (_school_state(world.school_a), _district_state())
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ValidationError) as error:
            regulation_adopt(school=world.school_a, acting_user=world.people["curator_a"], template=v2)
        assert error.value.error_dict["replace_own_text"][0].code == "own_text"
    assert (_school_state(world.school_a), _district_state()) == before
    with schema_context(world.school_a.schema_name):
        regulation_adopt(school=world.school_a, acting_user=world.people["curator_a"], template=v2,
                         replace_own_text=True)
        assert not DocumentText.objects.filter(kind=DocumentKind.REGULATION).exists()
        assert selectors.document_text(DocumentKind.REGULATION)[0].endswith(V2_SENTENCE)
        event = AuditEvent.objects.get(action="documents.regulation_adopted")
        assert event.details["replaced_text"] == OWN
        # «Back to the standard wording» now means the adopted version.
        assert selectors.standard_text(DocumentKind.REGULATION).endswith(V2_SENTENCE)


def test_without_the_capability_nobody_adopts(world):
    v2 = publish_regulation(world)
    before = (_school_state(world.school_a), _district_state())
    with schema_context(world.school_a.schema_name):
        for key in ("teacher_a", "mentor_a", "admin_alpha", "director_b"):
            with pytest.raises(PermissionDenied):
                regulation_adopt(school=world.school_a, acting_user=world.people[key], template=v2)
            assert templates_updates_for_school(membership=world.people[key].memberships.filter(
                school=world.school_a).first()) == []
    assert (_school_state(world.school_a), _district_state()) == before


# --- pages -----------------------------------------------------------------------------------------------


def test_the_documents_page_and_home_show_the_new_version_with_adopt(world):
    publish_regulation(world)
    client = client_for(world.school_a, world.people["curator_a"])
    page = client.get("/documents/").content.decode()
    assert "A new version is available: Regulation on the mentoring system, version 2" in page
    assert 'action="/documents/adopt/regulation/"' in page and ">Adopt<" in page
    home = client.get("/").content.decode()
    assert "A new version is available: Regulation on the mentoring system, version 2" in home
    assert "/documents/#template-updates" in home
    # A member who does not adopt sees none of it.
    home = client_for(world.school_a, world.people["teacher_a"]).get("/").content.decode()
    assert "A new version is available" not in home


def test_adopting_from_the_page(world):
    publish_regulation(world)
    client = client_for(world.school_a, world.people["director_a"])
    response = client.post("/documents/adopt/regulation/", {"version": "2"}, follow=True)
    assert "Version 2 of the district&#x27;s regulation is adopted" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert AdoptedTemplate.objects.get().version == 2
    page = client.get("/documents/").content.decode()
    assert "A new version is available" not in page and "district's version 2" in page


def test_the_page_asks_to_confirm_before_replacing_the_schools_own_wording(world):
    publish_regulation(world)
    with schema_context(world.school_a.schema_name):
        document_text_save(school=world.school_a, acting_user=world.people["curator_a"],
                           kind=DocumentKind.REGULATION, body=OWN)
    client = client_for(world.school_a, world.people["curator_a"])
    before = _school_state(world.school_a)
    response = client.post("/documents/adopt/regulation/", {"version": "2"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "own wording of the regulation" in page and 'name="replace_own_text" value="1"' in page
    assert _school_state(world.school_a) == before
    response = client.post("/documents/adopt/regulation/", {"version": "2", "replace_own_text": "1"})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        assert AdoptedTemplate.objects.get().version == 2
        assert not DocumentText.objects.exists()


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "mentee_a", "admin_alpha"])
def test_a_member_without_the_capability_gets_404_and_nothing_changes(world, key):
    publish_regulation(world)
    client = client_for(world.school_a, world.people[key])
    before = (_school_state(world.school_a), _district_state())
    assert client.get("/documents/adopt/regulation/").status_code == 404
    assert client.post("/documents/adopt/regulation/", {"version": "2"}).status_code == 404
    assert (_school_state(world.school_a), _district_state()) == before


@pytest.mark.parametrize("key", ["director_b", "curator_b", "outsider", "district_admin"])
def test_people_of_other_spaces_get_nothing(world, key):
    publish_regulation(world)
    client = client_for(world.school_a, world.people[key])
    before = (_school_state(world.school_a), _district_state())
    response = client.post("/documents/adopt/regulation/", {"version": "2"})
    assert response.status_code == 302
    if response.status_code == 302:
        assert response["Location"].startswith("/login/")
    assert (_school_state(world.school_a), _district_state()) == before


def test_an_unknown_version_is_404(world):
    publish_regulation(world)
    client = client_for(world.school_a, world.people["curator_a"])
    for version in ("7", "x", ""):
        assert client.post("/documents/adopt/regulation/", {"version": version}).status_code == 404
    with schema_context(world.school_a.schema_name):
        assert not AdoptedTemplate.objects.exists()


def test_another_schools_adoption_does_not_affect_this_one(world):
    v2 = publish_regulation(world)
    with schema_context(world.school_b.schema_name):
        regulation_adopt(school=world.school_b, acting_user=world.people["director_b"], template=v2)
    with schema_context(world.school_a.schema_name):
        assert not AdoptedTemplate.objects.exists()
        assert selectors.document_text(DocumentKind.REGULATION)[0] == standard_regulation()
    page = client_for(world.school_a, world.people["curator_a"]).get("/documents/").content.decode()
    assert "A new version is available: Regulation on the mentoring system, version 2" in page
