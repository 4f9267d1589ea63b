"""REST endpoints: the district's standard questionnaires (at the district's host).

Every district role reads; the district administrator creates, edits, publishes and withdraws.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import DistrictViewSet, run_service
from people.requests import acting_person
from survey_templates import selectors, services
from survey_templates.models import DEFAULT_SCALE_TOP, Audience, QuestionKind, QuestionnaireTemplate
from survey_templates.questions import QuestionInput


class QuestionSerializer(serializers.Serializer):
    """A question as read and as written (the same shape for a school's questionnaire)."""

    id = serializers.UUIDField(read_only=True)
    order = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=500, allow_blank=True)
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    scale_max = serializers.IntegerField(required=False, default=DEFAULT_SCALE_TOP,
                                         help_text=_("A scale goes from 1 to this number (2 to 10)."))
    options = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list,
                                    help_text=_("The options of a choice question"))
    required = serializers.BooleanField(required=False, default=True)  # type: ignore[assignment]


def questions_in(items: list[dict[str, Any]]) -> list[QuestionInput]:
    """The API's questions as a service takes them."""
    return [QuestionInput(text=item["text"], kind=item["kind"], scale_max=item["scale_max"],
                          options=tuple(item["options"]), required=item["required"]) for item in items]


class QuestionnaireWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    audience = serializers.ChoiceField(choices=Audience.choices)
    questions = QuestionSerializer(many=True, help_text=_("The questions in order; they replace the whole list."))


class TemplateSerializer(serializers.ModelSerializer[QuestionnaireTemplate]):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = QuestionnaireTemplate
        fields = ["id", "key", "title", "description", "audience", "version", "published", "published_at",
                  "questions", "updated_at"]
        read_only_fields = fields



@extend_schema(tags=["district"])
class QuestionnaireTemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DistrictViewSet):
    """The district's standard monitoring questionnaires; schools use the published ones as they are."""

    serializer_class = TemplateSerializer
    filter_backends: list[type] = []

    def select_list(self):  # type: ignore[no-untyped-def]
        return selectors.templates_for(person=acting_person(self.request)).prefetch_related("questions")

    def select_one(self) -> QuestionnaireTemplate:
        return selectors.template_get_for(person=acting_person(self.request), id=self.kwargs["pk"])

    @extend_schema(request=QuestionnaireWriteSerializer, responses={201: TemplateSerializer})
    def create(self, request: Request) -> Response:
        data = QuestionnaireWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        template = run_service(lambda: services.template_create(
                   acting_user=acting_person(request), title=values["title"], description=values["description"],
                   audience=values["audience"], questions=questions_in(values["questions"])))
        return Response(TemplateSerializer(self._fresh(template)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=QuestionnaireWriteSerializer, responses=TemplateSerializer)
    def update(self, request: Request, pk: str | None = None) -> Response:
        template = self.get_object()
        data = QuestionnaireWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run_service(lambda: services.template_update(
                   acting_user=acting_person(request), template=template, title=values["title"],
                   description=values["description"], audience=values["audience"],
                   questions=questions_in(values["questions"])))
        return Response(TemplateSerializer(self._fresh(template)).data)

    @extend_schema(request=None, responses=TemplateSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        template = self.get_object()
        run_service(lambda: services.template_publish(acting_user=acting_person(request), template=template))
        return Response(TemplateSerializer(self._fresh(template)).data)

    @extend_schema(request=None, responses=TemplateSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        template = self.get_object()
        run_service(lambda: services.template_withdraw(acting_user=acting_person(request), template=template))
        return Response(TemplateSerializer(self._fresh(template)).data)

    def _fresh(self, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
        return selectors.template_get_for(person=acting_person(self.request), id=template.pk)


router = SimpleRouter()
router.register("questionnaire-templates", QuestionnaireTemplateViewSet, basename="questionnaire-template")
urlpatterns = router.urls
