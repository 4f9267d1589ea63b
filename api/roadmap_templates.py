"""REST endpoints: the district's roadmap template (Приложение 2 to the regulation), at the district's host.

Every district role reads the versions; the district administrator opens a new draft version
(a copy of the latest) and publishes it. School people get 404.
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
from roadmap_templates import selectors, services
from roadmap_templates.models import RoadmapTemplate, TemplateItem, TemplateStage


class TemplateItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = TemplateItem
        fields = ["id", "position", "title", "description", "month", "responsible_role"]
        read_only_fields = fields


class TemplateStageSerializer(serializers.ModelSerializer):
    items = TemplateItemSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateStage
        fields = ["id", "number", "title", "items"]
        read_only_fields = fields


class RoadmapTemplateSerializer(serializers.ModelSerializer):
    # The model says `published`, as every other model; clients keep the JSON name they know.
    is_published = serializers.BooleanField(source="published", read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = RoadmapTemplate
        fields = ["id", "name", "version", "is_published", "published_at", "created_at", "item_count"]
        read_only_fields = fields


class RoadmapTemplateDetailSerializer(serializers.ModelSerializer):
    # The model says `published`, as every other model; clients keep the JSON name they know.
    is_published = serializers.BooleanField(source="published", read_only=True)
    stages = TemplateStageSerializer(many=True, read_only=True)

    class Meta:
        model = RoadmapTemplate
        fields = ["id", "name", "version", "is_published", "published_at", "created_at", "stages"]
        read_only_fields = fields


class DraftCreateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)



@extend_schema(tags=["district"])
class RoadmapTemplateViewSet(mixins.ListModelMixin, DistrictViewSet):
    """Versions of the district's roadmap template. Creating opens a draft version copied from the latest."""

    serializer_class = RoadmapTemplateSerializer
    pagination_class = None
    lookup_value_regex = UUID_LOOKUP

    def select_list(self):  # type: ignore[no-untyped-def]
        return selectors.template_list()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.roadmap_template_default()
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=RoadmapTemplateDetailSerializer)
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        template = run_service(lambda: selectors.template_get(id=str(pk)))
        return Response(RoadmapTemplateDetailSerializer(template).data)

    @extend_schema(request=DraftCreateSerializer, responses={201: RoadmapTemplateDetailSerializer})
    def create(self, request: Request) -> Response:
        incoming = DraftCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        draft = run_service(lambda: services.roadmap_template_draft_create(
                   acting_user=acting_person(request), name=incoming.validated_data["name"]))
        return Response(RoadmapTemplateDetailSerializer(selectors.template_get(id=draft.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RoadmapTemplateDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        template = run_service(lambda: selectors.template_get(id=str(pk)))
        run_service(lambda: services.roadmap_template_publish(acting_user=acting_person(request), template=template))
        return Response(RoadmapTemplateDetailSerializer(selectors.template_get(id=template.pk)).data)


router = SimpleRouter()
router.register("roadmap-templates", RoadmapTemplateViewSet, basename="roadmap-template")
urlpatterns = router.urls
