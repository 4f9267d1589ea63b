"""REST endpoints: staff (a school's space).

Reading needs STAFF_VIEW, every change STAFF_MANAGE (people.capabilities); without it
the answer is 404, the same as for a staff member that does not exist.

`POST /api/staff/import/` takes a multipart `file` (XLSX or CSV, columns in
`staff.imports`). A refused file answers 400 in the standard error format and nothing
is saved; each error's `attr` says where:

* `file` — the file as a whole (not XLSX/CSV, over the size limit, empty, not UTF-8);
* `columns` — the header row (missing required, unknown or repeated columns);
* `rows.<row>.<column>` — one cell: `<row>` as numbered in the spreadsheet (the header is
  row 1), `<column>` the column's header as written in the file, e.g.
  `rows.7.Дата рождения (ДД.ММ.ГГГГ)`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from people.capabilities import Capability
from people.models import Person
from people.requests import acting_person, request_membership, request_school
from staff import imports, selectors, services
from staff.models import QualificationCategory, StaffMember

# --- Serializers ----------------------------------------------------------------------------------


class StaffMemberSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    person: serializers.SlugRelatedField[Person] = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = StaffMember
        fields = [
            "id", "full_name", "last_name", "first_name", "patronymic", "birth_date", "position", "subjects",
            "teaching_experience_years", "qualification_category", "hire_date", "new_to_position", "email",
            "phone", "is_young_specialist", "is_active", "person", "created_at", "updated_at",
        ]
        read_only_fields = fields


class StaffWriteSerializer(serializers.Serializer):
    """Parses input only; the rules (names, dates, experience, duplicates) are in staff.services."""

    last_name = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150)
    patronymic = serializers.CharField(max_length=150, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    position = serializers.CharField(max_length=200)
    subjects = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    teaching_experience_years = serializers.IntegerField(min_value=0, max_value=70, required=False)
    qualification_category = serializers.ChoiceField(choices=QualificationCategory.choices, required=False)
    hire_date = serializers.DateField(required=False, allow_null=True)
    new_to_position = serializers.BooleanField(required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class StaffImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX or CSV (UTF-8, “;” or “,”), columns as in the template.")
    reactivate = serializers.BooleanField(
        required=False, default=False,
        help_text="Bring back deactivated staff the file names (else such a row is refused).")


class StaffImportResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    reactivated = serializers.IntegerField()
    young_specialists = serializers.IntegerField()


def _list_filters(request: Request) -> selectors.StaffFilters:
    params = request.query_params

    def flag(name: str) -> bool | None:
        return {"true": True, "1": True, "false": False, "0": False}.get(params.get(name, "").lower())

    status_param = params.get("status", selectors.StaffStatus.ACTIVE)
    return selectors.StaffFilters(
        search=params.get("search", "")[:200],
        young_specialist=flag("young_specialist"),
        position=params.get("position", "")[:200],
        status=status_param if status_param in selectors.StaffStatus.CHOICES else selectors.StaffStatus.ACTIVE,
        category=params.get("qualification_category", ""),
    )


def _import_error(error: services.StaffImportError) -> serializers.ValidationError:
    detail: dict[str, Any] = {}
    for problem in error.problems:
        message = ErrorDetail(problem.message, code=problem.code)
        if problem.row is None:
            detail.setdefault(problem.attr, []).append(message)
        else:
            detail.setdefault("rows", {}).setdefault(str(problem.row), {}).setdefault(problem.column, []).append(
                message
            )
    return serializers.ValidationError(detail)


# --- The viewset -----------------------------------------------------------------------------------

_WRITE_ACTIONS = {"create", "partial_update", "deactivate", "import_file", "import_template"}


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("search", str, description="Words matched against the name, position and subjects."),
        OpenApiParameter("young_specialist", bool),
        OpenApiParameter("position", str, description="Exact position (any case)."),
        OpenApiParameter("qualification_category", str, enum=QualificationCategory.values),
        OpenApiParameter("status", str, enum=list(selectors.StaffStatus.CHOICES),
                         description="Active staff by default."),
    ]),
    create=extend_schema(request=StaffWriteSerializer, responses={201: StaffMemberSerializer}),
    partial_update=extend_schema(request=StaffWriteSerializer, responses=StaffMemberSerializer),
)
@extend_schema(tags=["staff"])
class StaffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """The school's teaching staff (педагогические работники)."""

    serializer_class = StaffMemberSerializer
    filter_backends: list[type] = []  # filters are the selector's, from the query parameters
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    # Read with STAFF_VIEW; change with STAFF_MANAGE too (checked by the base permission).
    required_capability = Capability.STAFF_VIEW
    action_capabilities = dict.fromkeys(_WRITE_ACTIONS, Capability.STAFF_MANAGE)

    def select_list(self):  # type: ignore[no-untyped-def]
        return selectors.staff_list(membership=request_membership(self.request), filters=_list_filters(self.request))

    def select_one(self) -> StaffMember:
        return selectors.staff_get_for(membership=request_membership(self.request), id=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        school, person = request_school(request), acting_person(request)
        incoming = StaffWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        member = run_service(lambda: services.staff_create(
            school=school, acting_user=person, **incoming.validated_data))
        return Response(StaffMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        school, person = request_school(request), acting_person(request)
        member = self.get_object()
        incoming = StaffWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        member = run_service(lambda: services.staff_update(school=school, acting_user=person, member=member,
                                                           changes=incoming.validated_data))
        return Response(StaffMemberSerializer(member).data)

    @extend_schema(request=None, responses=StaffMemberSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        """Take the staff member off the list; nothing is deleted; their access to this school ends (issue 10)."""
        school, person = request_school(request), acting_person(request)
        member = self.get_object()
        member = run_service(lambda: services.staff_deactivate(school=school, acting_user=person, member=member))
        return Response(StaffMemberSerializer(member).data)

    @extend_schema(
        request={"multipart/form-data": StaffImportRequestSerializer},
        responses={200: StaffImportResultSerializer,
                   400: OpenApiResponse(description="The file is refused, nothing saved; errors with `attr` "
                                                    "`file`, `columns` or `rows.<row>.<column>`.")},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request: Request) -> Response:
        """Import the staff list from XLSX or CSV, whole or not at all."""
        school, person = request_school(request), acting_person(request)
        incoming = StaffImportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        upload = incoming.validated_data["file"]
        content = upload.read(imports.import_max_bytes() + 1)
        try:
            result = services.staff_import(school=school, acting_user=person, file_name=upload.name or "",
                                           content=content, reactivate=incoming.validated_data["reactivate"])
        except services.StaffImportError as error:
            raise _import_error(error) from error
        return Response(StaffImportResultSerializer(result).data)

    @extend_schema(responses={(200, imports.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="import-template")
    def import_template(self, request: Request) -> HttpResponse:
        """The XLSX template: the header row and one example row."""
        response = HttpResponse(imports.staff_template_xlsx(), content_type=imports.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="staff-template.xlsx"'
        return response


router = SimpleRouter()
router.register("staff", StaffViewSet, basename="staff")
urlpatterns = router.urls
