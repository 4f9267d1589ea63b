"""REST endpoints: the school's final analytic report (итоговый аналитический отчёт).

POST /api/school-reports/ asks for a year's report (built in the background; 202 with its status),
GET /api/school-reports/ lists the years, GET /api/school-reports/{id}/ gives the status and
progress, GET …/{id}/pdf/ and …/{id}/xlsx/ the files once ready. Only the holders of
Capability.REPORT_BUILD (the director and the curator); anyone else gets 404, as for a missing report.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from api.serializers import ReportJobSerializer
from people.capabilities import Capability
from people.requests import acting_person, request_membership_or_none, request_school
from schoolreport import selectors, services
from schoolreport.models import SchoolReport


class SchoolReportSerializer(ReportJobSerializer):
    files_prefix = "/api/school-reports/"

    class Meta:
        model = SchoolReport
        fields = ["id", "year", "status", "progress", "ready", "error", "conclusions", "requested_by_name",
                  "requested_at", "started_at", "finished_at", "pdf_url", "xlsx_url"]
        read_only_fields = fields


class SchoolReportRequestSerializer(serializers.Serializer):
    year = serializers.CharField(help_text="The academic year, e.g. 2025/2026.")
    conclusions = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                        help_text="The curator's conclusions; omitted keeps the saved ones.")


@extend_schema(tags=["school reports"])
class SchoolReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """The school's final analytic reports, one per academic year."""

    required_capability = Capability.REPORT_BUILD
    serializer_class = SchoolReportSerializer
    filter_backends: list[type] = []
    pagination_class = None

    def select_list(self):  # type: ignore[no-untyped-def]
        return selectors.reports_for(membership=request_membership_or_none(self.request))

    def select_one(self) -> SchoolReport:  # type: ignore[override]
        return run_service(lambda: selectors.report_get_for(membership=request_membership_or_none(self.request),
                                                            id=self.kwargs["pk"]))

    @extend_schema(request=SchoolReportRequestSerializer, responses={202: SchoolReportSerializer})
    def create(self, request: Request) -> Response:
        incoming = SchoolReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        report = run_service(lambda: services.report_request(
            school=request_school(request), acting_user=acting_person(request), year=data["year"],
            conclusions=data.get("conclusions")))
        return Response(SchoolReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    def _file(self, kind: str) -> FileResponse:
        report = self.get_object()
        if not report.is_ready:
            raise exceptions.NotFound
        file = report.pdf if kind == "pdf" else report.xlsx
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound from None
        return FileResponse(handle, as_attachment=True, filename=f"otchet-{report.year_slug}.{kind}")

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
router.register("school-reports", SchoolReportViewSet, basename="school-report")
urlpatterns = router.urls
