"""REST endpoints: the school's documents (PDF and DOCX) and the school's wording of their templates.

Who: the holders of `Capability.DOCUMENTS_GENERATE` (director, curator, coordinator, head of the working
group); anybody else gets 404, as for a document that does not exist.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import SchoolAPIView, run_service
from documents import selectors, services
from documents.catalogue import SCHOOL_KINDS, TEMPLATED_KINDS, DocumentKind, placeholders_for
from documents.downloads import FORMATS, file_response, school_file_for
from documents.models import DocumentText
from people.capabilities import Capability
from people.requests import acting_person, request_membership, request_school


class DocumentLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField()
    programme = serializers.UUIDField(allow_null=True)
    pair = serializers.UUIDField(allow_null=True)
    pdf = serializers.CharField()
    docx = serializers.CharField()


class DocumentTextSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    body = serializers.CharField(trim_whitespace=False)
    own = serializers.BooleanField(read_only=True, help_text="The school's own wording (else the standard one)")
    placeholders = serializers.DictField(child=serializers.CharField(), read_only=True)


def _links(kind: str, *, programme: object = None, pair: object = None) -> dict[str, str]:
    suffix = f"?programme={programme}" if programme else (f"?pair={pair}" if pair else "")
    return {fmt: reverse("documents-file", kwargs={"kind": kind, "fmt": fmt}) + suffix for fmt in FORMATS}


@extend_schema(tags=["documents"])
class DocumentListView(SchoolAPIView):
    """The school's documents with their PDF and DOCX links: the system's order, the regulation, the
    roadmap, each programme and each pair's order."""

    required_capability = Capability.DOCUMENTS_GENERATE
    queryset = DocumentText.objects.none()  # for the schema generator only: the views read through selectors
    serializer_class = DocumentLinkSerializer
    pagination_class = None  # the school's few documents and its programmes' and pairs': a plain list

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Search programmes and pairs")],
                   responses=DocumentLinkSerializer(many=True))
    def get(self, request: Request) -> Response:
        membership = request_membership(request)
        query = str(request.query_params.get("q", ""))[:100]
        rows: list[dict[str, object]] = [
            {"kind": kind, "title": str(kind.label), "programme": None, "pair": None, **_links(kind)}
            for kind in SCHOOL_KINDS
        ]
        for programme in selectors.programmes_for_documents(membership=membership, query=query):
            rows.append({"kind": DocumentKind.PROGRAMME, "title": programme.title, "programme": programme.pk,
                         "pair": None, **_links(DocumentKind.PROGRAMME, programme=programme.pk)})
        for pair in selectors.pairs_for_documents(membership=membership, person=acting_person(request), query=query):
            names = ", ".join(p.staff.full_name for p in pair.participants.all() if p.left_on is None)
            rows.append({"kind": DocumentKind.PAIR_ORDER, "title": names, "programme": None, "pair": pair.pk,
                         **_links(DocumentKind.PAIR_ORDER, pair=pair.pk)})
        return Response(DocumentLinkSerializer(rows, many=True).data)


@extend_schema(tags=["documents"])
class DocumentFileView(SchoolAPIView):
    """One document as PDF or DOCX; `programme` (for kind=programme) or `pair` (for kind=pair_order)."""

    required_capability = Capability.DOCUMENTS_GENERATE
    queryset = DocumentText.objects.none()  # for the schema generator only: the views read through selectors

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=DocumentKind.values),
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(FORMATS)),
            OpenApiParameter("programme", OpenApiTypes.UUID, description="The programme (kind=programme)"),
            OpenApiParameter("pair", OpenApiTypes.UUID, description="The pair or group (kind=pair_order)"),
        ],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
                   (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"):
                       OpenApiResponse(OpenApiTypes.BINARY, description="The DOCX")},
    )
    def get(self, request: Request, kind: str, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            raise Http404
        document = school_file_for(
            membership=request_membership(request), person=acting_person(request), school=request_school(request),
            kind=kind, programme_id=request.query_params.get("programme"), pair_id=request.query_params.get("pair"))
        return file_response(document, fmt)


@extend_schema(tags=["documents"])
class DocumentTextView(SchoolAPIView):
    """The wording of a document's template: the school's own or the standard; PUT saves the school's own
    (an unknown placeholder is refused, naming it, and nothing is saved); DELETE returns to the standard."""

    required_capability = Capability.DOCUMENTS_GENERATE
    queryset = DocumentText.objects.none()  # for the schema generator only: the views read through selectors
    serializer_class = DocumentTextSerializer

    def _answer(self, kind: str) -> Response:
        body, own = selectors.document_text(kind)
        return Response({"kind": kind, "body": body, "own": own is not None,
                         "placeholders": {name: str(meaning) for name, meaning in placeholders_for(kind).items()}})

    @extend_schema(responses=DocumentTextSerializer, parameters=[
        OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=[str(kind) for kind in TEMPLATED_KINDS])])
    def get(self, request: Request, kind: str) -> Response:
        return self._answer(selectors.templated_kind_get(kind))

    @extend_schema(request=DocumentTextSerializer, responses=DocumentTextSerializer)
    def put(self, request: Request, kind: str) -> Response:
        document_kind = selectors.templated_kind_get(kind)
        incoming = DocumentTextSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        run_service(lambda: services.document_text_save(
            school=request_school(request), acting_user=acting_person(request), kind=document_kind,
            body=incoming.validated_data["body"]))
        return self._answer(document_kind)

    @extend_schema(request=None, responses=DocumentTextSerializer)
    def delete(self, request: Request, kind: str) -> Response:
        document_kind = selectors.templated_kind_get(kind)
        services.document_text_reset(school=request_school(request), acting_user=acting_person(request),
                                     kind=document_kind)
        return self._answer(document_kind)


urlpatterns = [
    path("documents/", DocumentListView.as_view(), name="documents-list"),
    path("documents/templates/<slug:kind>/", DocumentTextView.as_view(), name="documents-template"),
    path("documents/<slug:kind>/<slug:fmt>/", DocumentFileView.as_view(), name="documents-file"),
]
