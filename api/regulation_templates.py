"""REST endpoints: the district's regulation template (Положение о системе наставничества), at the district's host.

Every district role reads the versions; the district administrator opens a draft version (a copy of
the latest), edits its text and publishes it — a text that does not render is refused, naming the
placeholder and the line. School people get 404.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import DistrictViewSet, run_service
from api.routes import UUID_LOOKUP
from people.requests import acting_person
from regulation_templates import selectors, services
from regulation_templates.models import RegulationTemplate


class RegulationTemplateSerializer(serializers.ModelSerializer[RegulationTemplate]):
    # The model says `published`, as every other model; clients keep the JSON name they know.
    is_published = serializers.BooleanField(source="published", read_only=True)
    adopted_count = serializers.IntegerField(read_only=True, help_text="Active schools using this version now")

    class Meta:
        model = RegulationTemplate
        fields = ["id", "version", "note", "is_published", "published_at", "created_at", "updated_at",
                  "adopted_count"]
        read_only_fields = fields


class RegulationTemplateDetailSerializer(RegulationTemplateSerializer):
    class Meta(RegulationTemplateSerializer.Meta):
        fields = [*RegulationTemplateSerializer.Meta.fields, "body"]
        read_only_fields = fields


class DraftUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(trim_whitespace=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)



@extend_schema(tags=["district"])
class RegulationTemplateViewSet(mixins.ListModelMixin, DistrictViewSet):
    """Versions of the district's regulation template. Creating opens a draft version copied from the latest."""

    serializer_class = RegulationTemplateSerializer
    pagination_class = None
    queryset = RegulationTemplate.objects.none()  # for the schema generator only: the views read through selectors
    lookup_value_regex = UUID_LOOKUP

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.regulation_template_default()
        return Response(RegulationTemplateSerializer(selectors.version_list(), many=True).data)

    def _detail(self, pk: Any) -> dict[str, Any]:
        return RegulationTemplateDetailSerializer(run_service(lambda: selectors.version_get(id=pk))).data

    @extend_schema(responses=RegulationTemplateDetailSerializer)
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(self._detail(pk))

    @extend_schema(request=None, responses={201: RegulationTemplateDetailSerializer})
    def create(self, request: Request) -> Response:
        draft = run_service(lambda: services.regulation_template_draft_create(acting_user=acting_person(request)))
        return Response(self._detail(draft.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=DraftUpdateSerializer, responses=RegulationTemplateDetailSerializer)
    def update(self, request: Request, pk: str | None = None) -> Response:
        """Save a draft version's text and note (a published version cannot change)."""
        template = run_service(lambda: selectors.version_get(id=pk))
        incoming = DraftUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        run_service(lambda: services.regulation_template_draft_update(
                   acting_user=acting_person(request), template=template, body=incoming.validated_data["body"],
                   note=incoming.validated_data["note"]))
        return Response(self._detail(template.pk))

    @extend_schema(request=None, responses=RegulationTemplateDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        template = run_service(lambda: selectors.version_get(id=pk))
        run_service(lambda: services.regulation_template_publish(acting_user=acting_person(request), template=template))
        return Response(self._detail(template.pk))


router = SimpleRouter()
router.register("regulation-templates", RegulationTemplateViewSet, basename="regulation-template")
urlpatterns = router.urls
