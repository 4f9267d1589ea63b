"""The district's new template versions a school has not adopted yet (read in the school's schema).

Three kinds, each compared with what the school uses:

* the regulation: the latest published version against the version the school adopted
  (documents.AdoptedTemplate; none adopted = version 1);
* the roadmap: the latest published roadmap template against the version the current academic
  year's roadmap follows (no roadmap for the year yet = nothing to adopt: it will be created from
  the latest version);
* the standard questionnaires: a published questionnaire whose version is newer than the newest
  copy the school has of it (a questionnaire the school never used is an offer, not an update).

Each kind is read by its own app (documents.selectors.regulation_update,
roadmap.selectors.roadmap_update, surveys.selectors.questionnaire_updates); this module, below them,
holds what they share. `school.selectors.templates_updates_for_school` is the one place the home page
and the API ask; it lists only what the person may adopt.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

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


def may_see_updates(membership: Membership | None) -> bool:
    """Whether the person adopts any kind of template (the others are not shown the list at all)."""
    return any(can(membership, capability) for capability in ADOPT_CAPABILITY.values())
