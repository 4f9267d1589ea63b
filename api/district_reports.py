"""REST endpoints: the district's reports, at the district's host.

POST /api/district/reports/ asks for a report (year; schools: omitted or null for every school of the
year, else a non-empty list of school uuids) — built in the background, 202 with its status;
GET /api/district/reports/ lists the reports, GET …/{id}/ gives the status and progress, GET …/{id}/pdf/
and …/{id}/xlsx/ the files once ready. Any district role, writes included (a report only reads); school
people get 404, as for a missing report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import DistrictViewSet, as_api_error
from districtreport import selectors, services
from districtreport.models import DistrictReport
from people.requests import acting_person
from people.roles import DistrictRole


class DistrictReportSerializer(serializers.ModelSerializer):
    year = serializers.SerializerMethodField()
    all_schools = serializers.BooleanField(read_only=True)
    ready = serializers.BooleanField(source="is_ready", read_only=True)
    school_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    requested_by_name = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = DistrictReport
        fields = ["id", "year", "all_schools", "schools", "school_names", "status", "progress", "ready", "error",
                  "requested_by_name", "requested_at", "started_at", "finished_at", "pdf_url", "xlsx_url"]
        read_only_fields = fields

    def get_year(self, report: DistrictReport) -> str:
        return str(report.academic_year)

    def get_requested_by_name(self, report: DistrictReport) -> str:
        return report.requested_by.get_full_name() if report.requested_by else ""

    def _url(self, report: DistrictReport, kind: str) -> str | None:
        return f"/api/district/reports/{report.pk}/{kind}/" if report.is_ready else None

    def get_pdf_url(self, report: DistrictReport) -> str | None:
        return self._url(report, "pdf")

    def get_xlsx_url(self, report: DistrictReport) -> str | None:
        return self._url(report, "xlsx")


class DistrictReportRequestSerializer(serializers.Serializer):
    year = serializers.CharField(required=False, allow_blank=True, help_text="The academic year, e.g. 2025/2026.")
    schools = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, allow_null=True,
        help_text="The chosen schools' uuids; omitted or null: every school of the year. An empty list is refused.")


def _run(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except (Http404, PermissionDenied):
        raise exceptions.NotFound from None
    except DjangoValidationError as error:
        raise as_api_error(error) from error


@extend_schema(tags=["district"])
class DistrictReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DistrictViewSet):
    """The district's reports: every district role reads them and asks for new ones."""

    write_district_roles = (DistrictRole.ADMIN, DistrictRole.ANALYST)
    serializer_class = DistrictReportSerializer
    lookup_value_regex = "[^/]+"
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[DistrictReport]:
        return selectors.reports_for(person=acting_person(self.request))

    def get_object(self) -> DistrictReport:
        return _run(lambda: selectors.report_get_for(person=acting_person(self.request), report_id=self.kwargs["pk"]))

    @extend_schema(request=DistrictReportRequestSerializer, responses={202: DistrictReportSerializer})
    def create(self, request: Request) -> Response:
        incoming = DistrictReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        report = _run(lambda: services.district_report_request(
            acting_user=acting_person(request), year_text=data.get("year", ""), school_ids=data.get("schools")))
        return Response(DistrictReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    def _file(self, kind: str) -> FileResponse:
        report = self.get_object()
        if not report.is_ready:
            raise exceptions.NotFound
        file = report.pdf if kind == "pdf" else report.xlsx
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound from None
        name = f"otchet-rayona-{report.year}-{report.year + 1}.{kind}"
        return FileResponse(handle, as_attachment=True, filename=name)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: Any = None) -> FileResponse:
        return self._file("pdf")

    @extend_schema(responses={
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, pk: Any = None) -> FileResponse:
        return self._file("xlsx")


router = SimpleRouter()
router.register("district/reports", DistrictReportViewSet, basename="district-report")
urlpatterns = router.urls
