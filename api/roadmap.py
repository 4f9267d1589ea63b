"""REST endpoints: the school's roadmap (дорожная карта) of an academic year.

`GET /api/roadmap/?year=2026/2027` — any member: the roadmap with its stages, activities and
progress (the current year's is created from the district's template when missing).
`POST /api/roadmap/` creates a year's roadmap from the template; `/api/roadmap-items/` adds, adapts,
removes and marks done activities — both for holders of Capability.ROADMAP_EDIT only (others: 404).
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolAPIView, SchoolViewSet, run_service
from api.routes import UUID_LOOKUP
from formats.dates import AcademicYear
from people.capabilities import Capability, can
from people.requests import acting_person, request_membership, request_school
from people.roles import SchoolRole
from roadmap import selectors, services
from roadmap.models import RoadmapItem, RoadmapItemStatus
from staff.models import StaffMember

EDIT = Capability.ROADMAP_EDIT

# --- serializers -------------------------------------------------------------------------------------


class RoadmapItemSerializer(serializers.ModelSerializer):
    responsible_staff_name = serializers.CharField(source="responsible_staff.full_name", read_only=True,
                                                   default="")
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = RoadmapItem
        fields = ["id", "stage", "position", "title", "description", "deadline", "throughout_year",
                  "responsible_role", "responsible_staff", "responsible_staff_name", "status", "evidence",
                  "evidence_link", "done_on", "is_overdue"]
        read_only_fields = fields

    def get_is_overdue(self, item: RoadmapItem) -> bool:
        return selectors.is_overdue(item, timezone.localdate())


class RoadmapStageSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="stage.id")
    number = serializers.IntegerField(source="stage.number")
    title = serializers.CharField(source="stage.title")
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    overdue = serializers.IntegerField()
    items = RoadmapItemSerializer(many=True)


class RoadmapSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="roadmap.id")
    year = serializers.CharField(source="roadmap.year")
    title = serializers.CharField(source="roadmap.title")
    template_version = serializers.IntegerField(source="roadmap.template_version", allow_null=True)
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    overdue = serializers.IntegerField()
    stages = RoadmapStageSerializer(many=True)


class RoadmapCreateSerializer(serializers.Serializer):
    year = serializers.CharField(help_text="An academic year, e.g. 2026/2027")


class RoadmapItemWriteSerializer(serializers.Serializer):
    stage = serializers.UUIDField()
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField()
    throughout_year = serializers.BooleanField(required=False, default=False)
    responsible_role = serializers.ChoiceField(choices=SchoolRole.choices, required=False, allow_blank=True,
                                               default="")
    responsible_staff = serializers.UUIDField(required=False, allow_null=True, default=None)


class RoadmapItemUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    deadline = serializers.DateField(required=False)
    throughout_year = serializers.BooleanField(required=False)
    responsible_role = serializers.ChoiceField(choices=SchoolRole.choices, required=False, allow_blank=True)
    responsible_staff = serializers.UUIDField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=RoadmapItemStatus.choices, required=False)


class RoadmapItemDoneSerializer(serializers.Serializer):
    evidence = serializers.CharField()
    evidence_link = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    done_on = serializers.DateField(required=False, allow_null=True, default=None)


# --- helpers ----------------------------------------------------------------------------------------------



def _staff(staff_id: Any) -> StaffMember | None:
    if staff_id is None:
        return None
    staff = StaffMember.objects.filter(pk=staff_id).first()
    if staff is None:
        raise serializers.ValidationError({"responsible_staff": [_("This staff member does not exist.")]})
    return staff


def _year(value: str | None) -> AcademicYear:
    if not value:
        return AcademicYear.of(timezone.localdate())
    try:
        return AcademicYear.parse(value)
    except ValueError:
        raise serializers.ValidationError(
            {"year": [_("Give an academic year such as 2026/2027.")]}) from None


# --- views ------------------------------------------------------------------------------------------------


@extend_schema(tags=["roadmap"])
class RoadmapView(SchoolAPIView):
    """The school's roadmap of an academic year: stages, activities, progress, overdue activities."""

    serializer_class = RoadmapSerializer

    @extend_schema(parameters=[OpenApiParameter("year", str, description="Academic year, e.g. 2026/2027; "
                                                "the current one if omitted")])
    def get(self, request: Request) -> Response:
        membership = request_membership(request)
        today = timezone.localdate()
        year = _year(request.query_params.get("year"))
        roadmap = selectors.roadmap_for_year(membership=membership, year=year)
        if roadmap is None and year == AcademicYear.of(today):
            services.roadmap_ensure_current(school=request_school(request), today=today)
            roadmap = selectors.roadmap_for_year(membership=membership, year=year)
        if roadmap is None:
            raise exceptions.NotFound(_("There is no roadmap for %(year)s yet.") % {"year": year})
        return Response(RoadmapSerializer(selectors.roadmap_progress(roadmap, today=today)).data)

    @extend_schema(request=RoadmapCreateSerializer, responses={201: RoadmapSerializer})
    def post(self, request: Request) -> Response:
        membership = request_membership(request)
        if not can(membership, EDIT):
            raise exceptions.NotFound
        incoming = RoadmapCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        year = _year(incoming.validated_data["year"])
        run_service(lambda: services.roadmap_create_from_template(
                   school=request_school(request), acting_user=acting_person(request), year=year))
        roadmap = selectors.roadmap_for_year(membership=membership, year=year)
        assert roadmap is not None
        data = RoadmapSerializer(selectors.roadmap_progress(roadmap, today=timezone.localdate())).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["roadmap"])
class RoadmapItemViewSet(mixins.RetrieveModelMixin, SchoolViewSet):
    """Activities of the school's roadmap: add, adapt, remove, mark done (the roadmap's editors only)."""

    serializer_class = RoadmapItemSerializer
    required_capability = EDIT
    lookup_value_regex = UUID_LOOKUP
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def select_one(self) -> RoadmapItem:
        return run_service(lambda: selectors.roadmap_item_get_for(membership=request_membership(self.request),
                                                                  id=self.kwargs["pk"]))

    @extend_schema(request=RoadmapItemWriteSerializer, responses={201: RoadmapItemSerializer})
    def create(self, request: Request) -> Response:
        incoming = RoadmapItemWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        stage = run_service(lambda: selectors.roadmap_stage_get_for(membership=request_membership(request),
                                                                    id=data.pop("stage")))
        data["responsible_staff"] = _staff(data["responsible_staff"])
        item = run_service(lambda: services.roadmap_item_add(
                   school=request_school(request), acting_user=acting_person(request), stage=stage, **data))
        return Response(RoadmapItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RoadmapItemUpdateSerializer, responses=RoadmapItemSerializer)
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        incoming = RoadmapItemUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        if "responsible_staff" in changes:
            changes["responsible_staff"] = _staff(changes["responsible_staff"])
        fields = {"title": item.title, "description": item.description, "deadline": item.deadline,
                  "throughout_year": item.throughout_year, "responsible_role": item.responsible_role,
                  "responsible_staff": item.responsible_staff, "status": item.status, **changes}
        updated = run_service(lambda: services.roadmap_item_update(
                   school=request_school(request), acting_user=acting_person(request), item=item, **fields))
        return Response(RoadmapItemSerializer(updated).data)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        run_service(lambda: services.roadmap_item_remove(school=request_school(request),
                                                         acting_user=acting_person(request), item=item))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=RoadmapItemDoneSerializer, responses=RoadmapItemSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        incoming = RoadmapItemDoneSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        updated = run_service(lambda: services.roadmap_item_mark_done(
                   school=request_school(request), acting_user=acting_person(request), item=item,
                   evidence=data["evidence"], evidence_link=data["evidence_link"], done_on=data["done_on"]))
        return Response(RoadmapItemSerializer(updated).data)


router = SimpleRouter()
router.register("roadmap-items", RoadmapItemViewSet, basename="roadmap-item")
urlpatterns = [
    path("roadmap/", RoadmapView.as_view(), name="api-roadmap"),
    *router.urls,
]
