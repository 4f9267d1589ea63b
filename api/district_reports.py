"""REST endpoints: the district's reports, at the district's host.

POST /api/district/reports/ asks for a report (year; schools: omitted or null for every school of the
year, else a non-empty list of school uuids) — built in the background, 202 with its status;
GET /api/district/reports/ lists the reports, GET …/{id}/ gives the status and progress, GET …/{id}/pdf/
and …/{id}/xlsx/ the files once ready. Any district role, writes included (a report only reads); school
people get 404, as for a missing report.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import DistrictViewSet, run_service
from api.serializers import ReportJobSerializer
from districtreport import selectors, services
from districtreport.models import DistrictReport
from people.requests import acting_person
from people.roles import DistrictRole


class DistrictReportSerializer(ReportJobSerializer):
    files_prefix = "/api/district/reports/"
    all_schools = serializers.BooleanField(read_only=True)
    school_names = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = DistrictReport
        fields = ["id", "year", "all_schools", "schools", "school_names", "status", "progress", "ready", "error",
                  "requested_by_name", "requested_at", "started_at", "finished_at", "pdf_url", "xlsx_url"]
        read_only_fields = fields


class DistrictReportRequestSerializer(serializers.Serializer):
    year = serializers.CharField(required=False, allow_blank=True, help_text="The academic year, e.g. 2025/2026.")
    schools = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, allow_null=True,
        help_text="The chosen schools' uuids; omitted or null: every school of the year. An empty list is refused.")



@extend_schema(tags=["district"])
class DistrictReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DistrictViewSet):
    """The district's reports: every district role reads them and asks for new ones."""

    write_district_roles = (DistrictRole.ADMIN, DistrictRole.ANALYST)
    serializer_class = DistrictReportSerializer
    lookup_value_regex = "[^/]+"
    filter_backends: list[type] = []

    def select_list(self) -> QuerySet[DistrictReport]:
        return selectors.reports_for(person=acting_person(self.request))

    def select_one(self) -> DistrictReport:
        return run_service(lambda: selectors.report_get_for(person=acting_person(self.request),
                                                            id=self.kwargs["pk"]))

    @extend_schema(request=DistrictReportRequestSerializer, responses={202: DistrictReportSerializer})
    def create(self, request: Request) -> Response:
        incoming = DistrictReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        report = run_service(lambda: services.district_report_request(
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
