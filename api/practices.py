"""REST endpoints: the best practices bank (/api/practices/, /api/materials/) and the public page's news (/api/news/).

Every member of the school reads cases and materials; writing needs PROGRAMMES_EDIT (the curator,
the methodological association). News and announcements are kept by BANKS_MANAGE holders (the
curator, the system administrator, the methodological association). Without the right: 404.
Files are downloaded through the pages that check the right (`download_url`).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from api.parsers import JSONParser
from banks.models import Direction
from people.capabilities import Capability
from people.requests import acting_person, request_membership, request_school
from practices import selectors, services
from practices.models import CaseFile, MethodMaterial, PracticeCase
from publicpage import selectors as news_selectors
from publicpage import services as news_services
from publicpage.models import NewsItem

# --- serializers -------------------------------------------------------------------------------------


class CaseFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseFile
        fields = ["id", "original_name", "size", "note", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: CaseFile) -> str:
        return reverse("practices:file_download", args=[obj.pk])


class PracticeSerializer(serializers.ModelSerializer):
    programme_title = serializers.CharField(source="programme.title", read_only=True)
    files = CaseFileSerializer(many=True, read_only=True)

    class Meta:
        model = PracticeCase
        fields = ["id", "programme", "programme_title", "title", "description", "results", "directions",
                  "published", "published_on", "files", "created_at", "updated_at"]
        read_only_fields = fields


class PracticeWriteSerializer(serializers.Serializer):
    programme = serializers.UUIDField()
    title = serializers.CharField(max_length=300)
    description = serializers.CharField()
    results = serializers.CharField(required=False, allow_blank=True, default="")
    directions = serializers.ListField(child=serializers.ChoiceField(choices=Direction.choices), required=False,
                                       default=list)


class PracticeUpdateSerializer(PracticeWriteSerializer):
    programme = None  # type: ignore[assignment]  # a case stays with its programme


class CaseFileUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MaterialSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = MethodMaterial
        fields = ["id", "title", "description", "directions", "original_name", "size", "link", "published",
                  "download_url", "created_at"]
        read_only_fields = fields

    def get_download_url(self, obj: MethodMaterial) -> str | None:
        return reverse("practices:material_download", args=[obj.pk]) if obj.file else None


class MaterialWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    directions = serializers.ListField(child=serializers.ChoiceField(choices=Direction.choices), required=False,
                                       default=list)
    file = serializers.FileField(required=False, allow_null=True, default=None)
    link = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ListFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="")
    direction = serializers.ChoiceField(choices=Direction.choices, required=False, default="")
    published = serializers.BooleanField(required=False, allow_null=True, default=None)


_FILTERS = [
    OpenApiParameter("q", str, description="Search in the title and description"),
    OpenApiParameter("direction", str, enum=Direction.values),
    OpenApiParameter("published", bool, description="true: published on the public page; false: not"),
]


def _filter_params(request: Request) -> dict[str, Any]:
    params = ListFilterSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    return {"query": data["q"].strip(), "direction": data["direction"], "published": data["published"]}


# --- cases -------------------------------------------------------------------------------------------


@extend_schema(tags=["practices"])
@extend_schema_view(
    list=extend_schema(parameters=_FILTERS),
    create=extend_schema(request=PracticeWriteSerializer, responses={201: PracticeSerializer}),
    update=extend_schema(request=PracticeUpdateSerializer, responses=PracticeSerializer),
)
class PracticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """Банк лучших практик: cases drawn from completed programmes; a case may be published on the public page."""

    action_capabilities = {
        "create": Capability.PRACTICES_EDIT, "update": Capability.PRACTICES_EDIT,
        "publish": Capability.PRACTICES_EDIT, "unpublish": Capability.PRACTICES_EDIT,
        "files": Capability.PRACTICES_EDIT,
    }
    filter_backends: list[type] = []
    serializer_class = PracticeSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "put", "head", "options"]

    def select_list(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generation
            return PracticeCase.objects.none()
        if self.action == "list":
            return selectors.practices_for(membership=request_membership(self.request),
                                           **_filter_params(self.request))
        return selectors.practices_for(membership=request_membership(self.request))

    def select_one(self) -> PracticeCase:
        return run_service(lambda: selectors.practice_get_for(membership=request_membership(self.request),
                                                       id=self.kwargs["pk"]))

    def create(self, request: Request) -> Response:
        incoming = PracticeWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        programme = run_service(lambda: selectors.programme_for_case(membership=request_membership(request),
                                                              id=data.pop("programme")))
        case = run_service(lambda: services.practice_create(school=request_school(request),
                                                      acting_user=acting_person(request), programme=programme,
                                                      **data))
        return Response(PracticeSerializer(self._fresh(case)).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        incoming = PracticeUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = run_service(lambda: services.practice_update(school=request_school(request),
                                                      acting_user=acting_person(request), case=case,
                                                      **incoming.validated_data))
        return Response(PracticeSerializer(self._fresh(case)).data)

    def _fresh(self, case: PracticeCase) -> PracticeCase:
        return selectors.practice_get_for(membership=request_membership(self.request), id=case.pk)

    @extend_schema(request=None, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Publish on the public page: every participant's consent to publication must be in force."""
        case = self.get_object()
        case = run_service(lambda: services.practice_publish(school=request_school(request),
                                                       acting_user=acting_person(request), case=case))
        return Response(PracticeSerializer(self._fresh(case)).data)

    @extend_schema(request=None, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        """Take the case off the public page."""
        case = self.get_object()
        case = run_service(lambda: services.practice_unpublish(school=request_school(request),
                                                         acting_user=acting_person(request), case=case))
        return Response(PracticeSerializer(self._fresh(case)).data)

    @extend_schema(request={"multipart/form-data": CaseFileUploadSerializer}, responses={201: CaseFileSerializer})
    @action(detail=True, methods=["post"])
    def files(self, request: Request, pk: str) -> Response:
        """Attach a material (PDF, office document or image) to the case."""
        case = self.get_object()
        incoming = CaseFileUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        stored = run_service(lambda: services.case_file_add(
            school=request_school(request), acting_user=acting_person(request), case=case,
            uploaded_file=incoming.validated_data["file"], note=incoming.validated_data["note"]))
        return Response(CaseFileSerializer(stored).data, status=status.HTTP_201_CREATED)


# --- methodological materials ------------------------------------------------------------------------


@extend_schema(tags=["practices"])
@extend_schema_view(
    list=extend_schema(parameters=_FILTERS),
    create=extend_schema(request={"multipart/form-data": MaterialWriteSerializer,
                                  "application/json": MaterialWriteSerializer},
                         responses={201: MaterialSerializer}),
)
class MaterialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """Методическая копилка: methodological materials (a file or a link); a published one is on the public page."""

    action_capabilities = {
        "create": Capability.PRACTICES_EDIT, "publish": Capability.PRACTICES_EDIT,
        "unpublish": Capability.PRACTICES_EDIT,
    }
    filter_backends: list[type] = []
    serializer_class = MaterialSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def select_list(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generation
            return MethodMaterial.objects.none()
        if self.action == "list":
            return selectors.materials_for(membership=request_membership(self.request),
                                           **_filter_params(self.request))
        return selectors.materials_for(membership=request_membership(self.request))

    def select_one(self) -> MethodMaterial:
        return run_service(lambda: selectors.material_get_for(membership=request_membership(self.request),
                                                       id=self.kwargs["pk"]))

    def create(self, request: Request) -> Response:
        incoming = MaterialWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        material = run_service(lambda: services.material_add(
            school=request_school(request), acting_user=acting_person(request), title=data["title"],
            description=data["description"], directions=data["directions"], uploaded_file=data["file"],
            link=data["link"]))
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MaterialSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Show the material on the school's public page."""
        material = self.get_object()
        material = run_service(lambda: services.material_publish(school=request_school(request),
                                                           acting_user=acting_person(request), material=material))
        return Response(MaterialSerializer(material).data)

    @extend_schema(request=None, responses=MaterialSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        """Take the material off the school's public page."""
        material = self.get_object()
        material = run_service(lambda: services.material_unpublish(school=request_school(request),
                                                             acting_user=acting_person(request), material=material))
        return Response(MaterialSerializer(material).data)


# --- news and announcements of the public page -----------------------------------------------------


class NewsSerializer(serializers.ModelSerializer):
    class Meta:
        model = NewsItem
        fields = ["id", "title", "text", "published_on", "is_announcement", "event_on", "published", "created_at",
                  "updated_at"]
        read_only_fields = fields


class NewsWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    text = serializers.CharField()
    published_on = serializers.DateField()
    is_announcement = serializers.BooleanField(required=False, default=False)
    event_on = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema(tags=["public page"])
@extend_schema_view(
    create=extend_schema(request=NewsWriteSerializer, responses={201: NewsSerializer}),
    update=extend_schema(request=NewsWriteSerializer, responses=NewsSerializer),
)
class NewsViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """News and announcements of the school's public page «Наставничество» (regulation §8.1)."""

    required_capability = Capability.NEWS_MANAGE
    filter_backends: list[type] = []
    serializer_class = NewsSerializer
    http_method_names = ["get", "post", "put", "head", "options"]

    def select_list(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generation
            return NewsItem.objects.none()
        return news_selectors.news_for(membership=request_membership(self.request))

    def select_one(self) -> NewsItem:
        return run_service(lambda: news_selectors.news_get_for(membership=request_membership(self.request),
                                                        id=self.kwargs["pk"]))

    def create(self, request: Request) -> Response:
        incoming = NewsWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        item = run_service(lambda: news_services.news_create(school=request_school(request),
                                                       acting_user=acting_person(request), **incoming.validated_data))
        return Response(NewsSerializer(item).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        incoming = NewsWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        item = run_service(lambda: news_services.news_update(school=request_school(request),
                                                       acting_user=acting_person(request), item=item,
                                                       **incoming.validated_data))
        return Response(NewsSerializer(item).data)

    @extend_schema(request=None, responses=NewsSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Show the item on the school's public page."""
        item = self.get_object()
        item = run_service(lambda: news_services.news_publish(school=request_school(request),
                                                        acting_user=acting_person(request), item=item))
        return Response(NewsSerializer(item).data)

    @extend_schema(request=None, responses=NewsSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        """Take the item off the school's public page."""
        item = self.get_object()
        item = run_service(lambda: news_services.news_unpublish(school=request_school(request),
                                                          acting_user=acting_person(request), item=item))
        return Response(NewsSerializer(item).data)


router = SimpleRouter()
router.register("practices", PracticeViewSet, basename="practice")
router.register("materials", MaterialViewSet, basename="material")
router.register("news", NewsViewSet, basename="news")
urlpatterns = router.urls
