"""The district's new template versions a school has not adopted yet (read in the school's schema).

Three kinds, each compared with what the school uses:

* the regulation: the latest published version against the version the school adopted
  (documents.AdoptedTemplate; none adopted = version 1);
* the roadmap: the latest published roadmap template against the version the current academic
  year's roadmap follows (no roadmap for the year yet = nothing to adopt: it will be created from
  the latest version);
* the standard questionnaires: a published questionnaire whose version is newer than the newest
  copy the school has of it (a questionnaire the school never used is an offer, not an update).

`templates_updates_for_school` is the one place the home page, the documents, roadmap and surveys
pages and the API ask; it lists only what the person may adopt.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from people.capabilities import Capability, can
from people.models import Membership
from regulation_templates.models import TemplateKind

# Who adopts each kind: the people who keep the school's copy of it.
ADOPT_CAPABILITY = {
    TemplateKind.REGULATION: Capability.DOCUMENTS_GENERATE,
    TemplateKind.ROADMAP: Capability.ROADMAP_EDIT,
    TemplateKind.QUESTIONNAIRE: Capability.SURVEYS_MANAGE,
}


@dataclass(frozen=True)
class TemplateUpdate:
    """A newer published version of a district template than the school's."""

    kind: TemplateKind
    template_id: uuid.UUID  # the new version's row (regulation, roadmap); the questionnaire
    title: str
    current_version: int | None
    new_version: int
    note: str
    url: str  # the page where it is adopted
    # The regulation only: adopting replaces the school's own wording, which needs a confirmation.
    replaces_own_text: bool = False


def regulation_update() -> TemplateUpdate | None:
    from documents.catalogue import DocumentKind
    from documents.models import AdoptedTemplate, DocumentText
    from regulation_templates.selectors import published

    # Versions only (not the regulation's text): two small queries on every home page.
    latest = published().order_by("-version").only("pk", "version", "note").first()
    if latest is None:
        return None
    adopted = AdoptedTemplate.objects.filter(kind=DocumentKind.REGULATION).values_list("version", flat=True).first()
    if adopted is None:  # as documents.selectors.regulation_version: the district's base version, or 1
        adopted = published().order_by("version").values_list("version", flat=True).first() or 1
    current_version = adopted
    if latest.version <= current_version:
        return None
    return TemplateUpdate(
        kind=TemplateKind.REGULATION, template_id=latest.pk, title=str(DocumentKind.REGULATION.label),
        current_version=current_version, new_version=latest.version, note=latest.note,
        url=reverse("documents:list") + "#template-updates",
        replaces_own_text=DocumentText.objects.filter(kind=DocumentKind.REGULATION).exists())


def roadmap_update(*, today: dt.date | None = None) -> TemplateUpdate | None:
    from formats.dates import AcademicYear
    from roadmap.models import Roadmap
    from roadmap_templates.models import RoadmapTemplate

    year = AcademicYear.of(today or timezone.localdate())
    roadmap = Roadmap.objects.filter(year_start=year.start).only("template_version").first()
    if roadmap is None:
        return None
    latest = RoadmapTemplate.objects.filter(is_published=True).order_by("-version").first()
    if latest is None or latest.version <= (roadmap.template_version or 0):
        return None
    return TemplateUpdate(
        kind=TemplateKind.ROADMAP, template_id=latest.pk, title=latest.name, current_version=roadmap.template_version,
        new_version=latest.version, note="", url=reverse("roadmap:page") + "#template-update")


def questionnaire_updates() -> list[TemplateUpdate]:
    from survey_templates.models import QuestionnaireTemplate
    from surveys.selectors import used_template_versions

    used = used_template_versions()
    if not used:
        return []
    updates = []
    for template in QuestionnaireTemplate.objects.filter(published=True, pk__in=list(used)).order_by("title"):
        if template.version > used[template.pk]:
            updates.append(TemplateUpdate(
                kind=TemplateKind.QUESTIONNAIRE, template_id=template.pk, title=template.title,
                current_version=used[template.pk], new_version=template.version, note="",
                url=reverse("surveys:questionnaire_list") + "#template-updates"))
    return updates


def templates_updates_for_school(*, membership: Membership | None, today: dt.date | None = None
                                 ) -> list[TemplateUpdate]:
    """The pending updates of the district's templates that this person may adopt in this school
    (call inside the school's schema): the regulation, the current year's roadmap, the standard
    questionnaires — each only for the holders of its ADOPT_CAPABILITY. At most eight queries."""
    updates: list[TemplateUpdate] = []
    if can(membership, ADOPT_CAPABILITY[TemplateKind.REGULATION]):
        regulation = regulation_update()
        if regulation is not None:
            updates.append(regulation)
    if can(membership, ADOPT_CAPABILITY[TemplateKind.ROADMAP]):
        roadmap = roadmap_update(today=today)
        if roadmap is not None:
            updates.append(roadmap)
    if can(membership, ADOPT_CAPABILITY[TemplateKind.QUESTIONNAIRE]):
        updates.extend(questionnaire_updates())
    return updates


def may_see_updates(membership: Membership | None) -> bool:
    """Whether the person adopts any kind of template (the others are not shown the list at all)."""
    return any(can(membership, capability) for capability in ADOPT_CAPABILITY.values())
