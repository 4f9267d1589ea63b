"""REST endpoints: the district's schools, at the district's host.

Every district role lists and reads the schools; the district administrator registers
a school, edits its details (PATCH; the address cannot change), archives and restores
it (tenants.services). School people, and the analyst for every write, get 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api import serializers as s
from api.base import DistrictViewSet, run_service
from people.requests import acting_person
from tenants import selectors
from tenants.models import School, SchoolKind
from tenants.services import FirstAdministrator, school_archive, school_register, school_restore, school_update


class DistrictSchoolSerializer(s.SchoolSerializer):
    """A school as the district sees it: its details, status and, while archived, when, by whom and why."""

    archived_by = serializers.SerializerMethodField()

    class Meta(s.SchoolSerializer.Meta):
        fields = [*s.SchoolSerializer.Meta.fields, "archived_at", "archived_by", "archive_reason"]
        read_only_fields = fields

    def get_archived_by(self, school: School) -> str | None:
        return school.archived_by.get_full_name() if school.archived_by else None


class SchoolUpdateSerializer(serializers.Serializer):
    """The details the district may change; every field optional. The address (slug) cannot change."""

    full_name = serializers.CharField(max_length=500, required=False)
    short_name = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=SchoolKind.choices, required=False)
    locality = serializers.CharField(max_length=200, required=False, allow_blank=True)
    second_language_code = serializers.CharField(max_length=8, required=False, allow_blank=True)
    full_name_second_language = serializers.CharField(max_length=500, required=False, allow_blank=True)
    short_name_second_language = serializers.CharField(max_length=200, required=False, allow_blank=True)


class SchoolArchiveSerializer(serializers.Serializer):
    # Blank is let through so that the service's own message says what is missing.
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text=gettext_lazy("Why the school is archived (required); kept with who archived it and when"),
    )



@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter(
            "status", OpenApiTypes.STR, enum=[value for value in selectors.STATUS_FILTERS if value],
            description="Empty: the current schools (active and being provisioned); "
                        "all: archived ones too; or one status",
        ),
        OpenApiParameter("kind", OpenApiTypes.STR, enum=SchoolKind.values),
        OpenApiParameter("q", OpenApiTypes.STR, description="Part of a name or of the address"),
    ]),
)
@extend_schema(tags=["district"])
class DistrictSchoolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DistrictViewSet):
    """The district's schools, by uuid. Every district role reads; writes need the district administrator."""

    serializer_class = DistrictSchoolSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[^/]+"
    filter_backends: list[type] = []

    def select_list(self) -> QuerySet[School]:
        params = self.request.query_params
        status_filter = str(params.get("status", ""))
        if status_filter not in selectors.STATUS_FILTERS:
            raise serializers.ValidationError({"status": [_("Unknown status.")]})
        kind = str(params.get("kind", ""))
        if kind and kind not in SchoolKind.values:
            raise serializers.ValidationError({"kind": [_("Unknown kind of school.")]})
        return selectors.district_school_search(status=status_filter, kind=kind, query=str(params.get("q", ""))[:100])

    def select_one(self) -> School:
        return run_service(lambda: selectors.district_school_get(id=self.kwargs["uuid"]))

    def _detail(self, school: School, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.district_school_get(id=school.uuid)
        return Response(DistrictSchoolSerializer(fresh).data, status=code)

    @extend_schema(request=s.SchoolRegistrationSerializer, responses={201: s.RegisteredSchoolSerializer})
    def create(self, request: Request) -> Response:
        incoming = s.SchoolRegistrationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        registered = run_service(lambda: school_register(
                   acting_user=acting_person(request),
                   slug=data["slug"], full_name=data["full_name"], short_name=data["short_name"],
                   kind=data["kind"], locality=data["locality"],
                   second_language_code=data["second_language_code"],
                   full_name_second_language=data["full_name_second_language"],
                   short_name_second_language=data["short_name_second_language"],
                   administrator=FirstAdministrator(
                       username=data["admin_username"], last_name=data["admin_last_name"],
                       first_name=data["admin_first_name"], patronymic=data["admin_patronymic"],
                       email=data["admin_email"], password=data["admin_password"],
                   ),
               ))
        body = s.RegisteredSchoolSerializer(
            {"school": registered.school, "administrator": registered.administrator,
             "generated_password": registered.generated_password}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=SchoolUpdateSerializer, responses=DistrictSchoolSerializer)
    def partial_update(self, request: Request, uuid: str | None = None) -> Response:
        school = self.get_object()
        incoming = SchoolUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        sent = request.data
        if isinstance(sent, dict) and "slug" in sent:  # refused by the service with its reason, not ignored
            fields["slug"] = sent["slug"]
        run_service(lambda: school_update(acting_user=acting_person(request), school=school, **fields))
        return self._detail(school)

    @extend_schema(request=SchoolArchiveSerializer, responses=DistrictSchoolSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, uuid: str | None = None) -> Response:
        school = self.get_object()
        incoming = SchoolArchiveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        run_service(lambda: school_archive(acting_user=acting_person(request), school=school,
                                           reason=incoming.validated_data["reason"]))
        return self._detail(school)

    @extend_schema(request=None, responses=DistrictSchoolSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, uuid: str | None = None) -> Response:
        school = self.get_object()
        run_service(lambda: school_restore(acting_user=acting_person(request), school=school))
        return self._detail(school)


router = SimpleRouter()
router.register("district/schools", DistrictSchoolViewSet, basename="district-school")
urlpatterns = router.urls
