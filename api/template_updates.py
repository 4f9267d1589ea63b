"""REST endpoints: the district's new template versions this school may adopt, and adopting them.

`GET /api/templates/updates/` — the pending updates (regulation, this year's roadmap, standard
questionnaires) the person may adopt; a member who adopts none of them gets 404.
`POST /api/templates/updates/regulation/adopt/` (Capability.DOCUMENTS_GENERATE),
`POST /api/templates/updates/roadmap/adopt/` (Capability.ROADMAP_EDIT) and
`POST /api/templates/updates/questionnaires/<template id>/adopt/` (Capability.SURVEYS_MANAGE) adopt a
published version; anybody else gets 404. The rules are the services' (documents.services.regulation_adopt,
roadmap.services.roadmap_template_adopt, surveys.services.questionnaire_use_template).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import SchoolAPIView, run_service
from documents import services as document_services
from people.capabilities import Capability
from people.requests import acting_person, request_membership, request_school
from regulation_templates import selectors as regulation_selectors
from regulation_templates.models import TemplateAdoption, TemplateKind
from regulation_templates.updates import may_see_updates
from roadmap import services as roadmap_services
from roadmap_templates.models import RoadmapTemplate
from school.selectors import templates_updates_for_school
from survey_templates import selectors as survey_template_selectors
from surveys import services as survey_services


class TemplateUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TemplateKind.choices)
    template_id = serializers.UUIDField(help_text="The new version (regulation, roadmap) or the questionnaire")
    title = serializers.CharField()
    current_version = serializers.IntegerField(allow_null=True)
    new_version = serializers.IntegerField()
    note = serializers.CharField(help_text="What changed, as the district wrote it")
    replaces_own_text = serializers.BooleanField(
        help_text="The regulation only: adopting replaces the school's own wording (send replace_own_text)")


class AdoptSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The published version to adopt")


class RegulationAdoptSerializer(AdoptSerializer):
    replace_own_text = serializers.BooleanField(
        required=False, default=False,
        help_text="Confirms that the school's own wording of the regulation is replaced (kept in the audit record)")


class AdoptedSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TemplateKind.choices)
    template_id = serializers.UUIDField()
    version = serializers.IntegerField()



def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    incoming = serializer_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


def _no_version(version: int) -> exceptions.ValidationError:
    return exceptions.ValidationError(
        {"version": [_("There is no published version %(version)s.") % {"version": version}]})


class _TemplateUpdatesBase(SchoolAPIView):
    queryset = TemplateAdoption.objects.none()  # for the schema generator only: the views read through selectors


@extend_schema(tags=["templates"])
class TemplateUpdatesView(_TemplateUpdatesBase):
    """The district's newer template versions this school has not adopted, that the person may adopt."""

    serializer_class = TemplateUpdateSerializer
    pagination_class = None  # the few newer versions: a plain list, as documented

    @extend_schema(responses=TemplateUpdateSerializer(many=True))
    def get(self, request: Request) -> Response:
        membership = request_membership(request)
        if not may_see_updates(membership):
            raise exceptions.NotFound
        updates = templates_updates_for_school(membership=membership)
        return Response(TemplateUpdateSerializer(updates, many=True).data)


@extend_schema(tags=["templates"])
class RegulationAdoptView(_TemplateUpdatesBase):
    """Adopt a published version of the district's regulation: the school's regulation is printed from it."""

    required_capability = Capability.DOCUMENTS_GENERATE
    serializer_class = RegulationAdoptSerializer

    @extend_schema(request=RegulationAdoptSerializer, responses=AdoptedSerializer)
    def post(self, request: Request) -> Response:
        values = _parse(RegulationAdoptSerializer, request)
        template = regulation_selectors.published().filter(version=values["version"]).first()
        if template is None:
            raise _no_version(values["version"])
        adopted = run_service(lambda: document_services.regulation_adopt(
                   school=request_school(request), acting_user=acting_person(request), template=template,
                   replace_own_text=values["replace_own_text"]))
        return Response(AdoptedSerializer({"kind": TemplateKind.REGULATION, "template_id": adopted.template_id,
                                           "version": adopted.version}).data)


@extend_schema(tags=["templates"])
class RoadmapAdoptView(_TemplateUpdatesBase):
    """Adopt a newer version of the district's roadmap template into this academic year's roadmap."""

    required_capability = Capability.ROADMAP_EDIT
    serializer_class = AdoptSerializer

    @extend_schema(request=AdoptSerializer, responses=AdoptedSerializer)
    def post(self, request: Request) -> Response:
        values = _parse(AdoptSerializer, request)
        template = RoadmapTemplate.objects.filter(published=True, version=values["version"]).first()
        if template is None:
            raise _no_version(values["version"])
        roadmap = run_service(lambda: roadmap_services.roadmap_template_adopt(
                   school=request_school(request), acting_user=acting_person(request), template=template))
        return Response(AdoptedSerializer({"kind": TemplateKind.ROADMAP, "template_id": roadmap.template_id,
                                           "version": roadmap.template_version}).data)


@extend_schema(tags=["templates"])
class QuestionnaireAdoptView(_TemplateUpdatesBase):
    """Adopt the published version of a district standard questionnaire: the school gets a copy of it;
    campaigns already run keep the copy they were run with."""

    required_capability = Capability.SURVEYS_MANAGE
    serializer_class = AdoptedSerializer

    @extend_schema(request=None, responses=AdoptedSerializer)
    def post(self, request: Request, template_id: uuid.UUID) -> Response:
        template = run_service(lambda: survey_template_selectors.published_template_get(id=template_id))
        questionnaire = run_service(lambda: survey_services.questionnaire_use_template(
                   school=request_school(request), acting_user=acting_person(request), template=template))
        return Response(AdoptedSerializer({"kind": TemplateKind.QUESTIONNAIRE, "template_id": template.pk,
                                           "version": questionnaire.template_version}).data)


urlpatterns = [
    path("templates/updates/", TemplateUpdatesView.as_view(), name="template-updates"),
    path("templates/updates/regulation/adopt/", RegulationAdoptView.as_view(), name="template-regulation-adopt"),
    path("templates/updates/roadmap/adopt/", RoadmapAdoptView.as_view(), name="template-roadmap-adopt"),
    path("templates/updates/questionnaires/<uuid:template_id>/adopt/", QuestionnaireAdoptView.as_view(),
         name="template-questionnaire-adopt"),
]
