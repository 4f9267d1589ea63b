"""REST endpoints: the monitoring surveys of a school (анкетирование, roadmap stage 6).

Questionnaires, campaigns and results need `surveys.rights.RESULTS` (PAIRS_VIEW_ALL) to read and
`surveys.rights.MANAGE` (PROGRAMMES_EDIT) to write; `respond/` and `my-surveys/` are for the invited
person. Anyone else gets 404, as for a record that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolAPIView, SchoolViewSet, run_service
from api.survey_templates import QuestionnaireWriteSerializer, QuestionSerializer, TemplateSerializer, questions_in
from mentoring.models import Programme
from people.requests import acting_person, request_membership_or_none, request_school
from survey_templates import selectors as template_selectors
from surveys import rights, selectors, services
from surveys.models import Campaign, CampaignStatus, Invitation, Questionnaire

# --- Serializers ------------------------------------------------------------------


class QuestionnaireSerializer(serializers.ModelSerializer[Questionnaire]):
    questions = QuestionSerializer(many=True, read_only=True)
    is_district_standard = serializers.BooleanField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "title", "description", "audience", "is_district_standard", "template_id",
                  "template_version", "questions", "updated_at"]
        read_only_fields = fields


class UseTemplateSerializer(serializers.Serializer):
    template = serializers.UUIDField(help_text=_("Id of a published district standard questionnaire"))


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    questionnaire_title = serializers.CharField(source="questionnaire.title", read_only=True)
    invited_count = serializers.IntegerField(read_only=True)
    answered_count = serializers.IntegerField(read_only=True)
    programmes = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "title", "questionnaire", "questionnaire_title", "opens_on", "closes_on", "anonymous",
                  "for_mentors", "for_mentees", "for_curators", "programmes", "status", "invited_count",
                  "answered_count", "opened_at", "closed_at"]
        read_only_fields = fields

    def get_programmes(self, campaign: Campaign) -> list[str]:
        return [str(programme.pk) for programme in campaign.programmes.all()]  # prefetched by the list


class CampaignCreateSerializer(serializers.Serializer):
    questionnaire = serializers.UUIDField()
    title = serializers.CharField(max_length=300, allow_blank=True)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    anonymous = serializers.BooleanField(default=False)
    programmes = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    for_mentors = serializers.BooleanField(default=False)
    for_mentees = serializers.BooleanField(default=False)
    for_curators = serializers.BooleanField(default=False)


class BarSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class QuestionResultSerializer(serializers.Serializer):
    question = QuestionSerializer()
    answered = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    bars = BarSerializer(many=True)
    texts = serializers.ListField(child=serializers.CharField())


class ResultsSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    invited = serializers.IntegerField()
    hidden = serializers.BooleanField(help_text=_("An anonymous campaign with too few answers to show them"))
    questions = QuestionResultSerializer(many=True)


class RespondSerializer(serializers.Serializer):
    answers = serializers.DictField(
        help_text=_("Question id → the answer: a whole number for a scale, an option for a single choice, "
                    "a list of options for a multiple choice, a text for a text question."))


class MySurveySerializer(serializers.ModelSerializer[Invitation]):
    campaign = serializers.UUIDField(source="campaign_id")
    title = serializers.CharField(source="campaign.title")
    questionnaire = serializers.CharField(source="campaign.questionnaire.title")
    opens_on = serializers.DateField(source="campaign.opens_on")
    closes_on = serializers.DateField(source="campaign.closes_on")
    anonymous = serializers.BooleanField(source="campaign.anonymous")
    can_answer = serializers.BooleanField()

    class Meta:
        model = Invitation
        fields = ["campaign", "title", "questionnaire", "opens_on", "closes_on", "anonymous", "answered", "can_answer"]
        read_only_fields = fields


# --- Shared -----------------------------------------------------------------------


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    incoming = serializer_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


class _SurveysViewSet(SchoolViewSet):
    """Reading needs RESULTS (checked by the base); writing also MANAGE."""

    required_capability = rights.RESULTS
    write_capability = rights.MANAGE
    filter_backends: list[type] = []


# --- Questionnaires ---------------------------------------------------------------


@extend_schema(tags=["surveys"])
@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("source", OpenApiTypes.STR, enum=["own", "district"]),
    OpenApiParameter("q", OpenApiTypes.STR, description=_("Part of the title")),
]))
class QuestionnaireViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _SurveysViewSet):
    """The school's questionnaires: its own and the district standard ones it uses as they are."""

    serializer_class = QuestionnaireSerializer

    def select_list(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return selectors.questionnaires_for(membership=request_membership_or_none(self.request), query=params.get("q",
            "").strip(),
                                            source=params.get("source", "")).prefetch_related("questions")

    def select_one(self) -> Questionnaire:
        return selectors.questionnaire_get_for(membership=request_membership_or_none(self.request),
                                               id=self.kwargs["pk"])

    @extend_schema(request=QuestionnaireWriteSerializer, responses={201: QuestionnaireSerializer})
    def create(self, request: Request) -> Response:
        values = _parse(QuestionnaireWriteSerializer, request)
        questionnaire = run_service(lambda: services.questionnaire_create(
                   school=request_school(request), acting_user=acting_person(request), title=values["title"],
                   description=values["description"], audience=values["audience"],
                   questions=questions_in(values["questions"])))
        return Response(self._out(questionnaire), status=status.HTTP_201_CREATED)

    @extend_schema(request=QuestionnaireWriteSerializer, responses=QuestionnaireSerializer)
    def update(self, request: Request, pk: str | None = None) -> Response:
        questionnaire = self.get_object()
        values = _parse(QuestionnaireWriteSerializer, request)
        run_service(lambda: services.questionnaire_update(
                   school=request_school(request), acting_user=acting_person(request), questionnaire=questionnaire,
                   title=values["title"], description=values["description"], audience=values["audience"],
                   questions=questions_in(values["questions"])))
        return Response(self._out(questionnaire))

    @extend_schema(responses=TemplateSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def standard(self, request: Request) -> Response:
        """The district's published standard questionnaires this school may use as they are."""
        return Response(TemplateSerializer(template_selectors.published_templates(), many=True).data)

    @extend_schema(request=UseTemplateSerializer, responses={201: QuestionnaireSerializer})
    @action(detail=False, methods=["post"], url_path="use-template")
    def use_template(self, request: Request) -> Response:
        """Use a published standard questionnaire as it is (the same version again gives the same copy)."""
        values = _parse(UseTemplateSerializer, request)
        try:
            template = template_selectors.published_template_get(id=values["template"])
        except Exception:  # Http404: not published or not there
            raise exceptions.ValidationError(
                {"template": [_("No published standard questionnaire with this id.")]}) from None
        questionnaire = run_service(lambda: services.questionnaire_use_template(
                   school=request_school(request), acting_user=acting_person(request), template=template))
        return Response(self._out(questionnaire), status=status.HTTP_201_CREATED)

    def _out(self, questionnaire: Questionnaire) -> dict[str, Any]:
        fresh = selectors.questionnaire_get_for(membership=request_membership_or_none(self.request),
                                                id=questionnaire.pk)
        return QuestionnaireSerializer(fresh).data  # type: ignore[return-value]


# --- Campaigns --------------------------------------------------------------------


@extend_schema(tags=["surveys"])
@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("status", OpenApiTypes.STR, enum=CampaignStatus.values),
    OpenApiParameter("q", OpenApiTypes.STR, description=_("Part of the title")),
]))
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _SurveysViewSet):
    """Survey campaigns: a questionnaire sent to the participants of chosen programmes."""

    serializer_class = CampaignSerializer

    # The respondent needs an invitation, not a capability: the base checks the membership only.
    member_actions = frozenset({"respond"})

    def select_list(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return selectors.campaigns_for(membership=request_membership_or_none(self.request),
                                       status=params.get("status", ""),
                                       query=params.get("q", "").strip()).prefetch_related("programmes")

    def select_one(self) -> Campaign:
        return selectors.campaign_get_for(membership=request_membership_or_none(self.request), id=self.kwargs["pk"])

    def _out(self, campaign: Campaign) -> dict[str, Any]:
        return CampaignSerializer(self.get_queryset().get(pk=campaign.pk)).data  # type: ignore[return-value]

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignSerializer})
    def create(self, request: Request) -> Response:
        values = _parse(CampaignCreateSerializer, request)
        questionnaire = selectors.questionnaires_for(membership=request_membership_or_none(request)).filter(
            pk=values["questionnaire"]).first()
        if questionnaire is None:
            raise exceptions.ValidationError({"questionnaire": [_("No questionnaire with this id in this school.")]})
        wanted = list(dict.fromkeys(values["programmes"]))
        programmes = list(Programme.objects.filter(pk__in=wanted))
        if len(programmes) != len(wanted):
            raise exceptions.ValidationError({"programmes": [_("No programme with this id in this school.")]})
        campaign = run_service(lambda: services.campaign_create(
                   school=request_school(request), acting_user=acting_person(request), questionnaire=questionnaire,
                   title=values["title"], opens_on=values["opens_on"], closes_on=values["closes_on"],
                   anonymous=values["anonymous"], programmes=programmes, for_mentors=values["for_mentors"],
                   for_mentees=values["for_mentees"], for_curators=values["for_curators"]))
        return Response(self._out(campaign), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        run_service(lambda: services.campaign_open(school=request_school(request), acting_user=acting_person(request),
                                                   campaign=campaign))
        return Response(self._out(campaign))

    @extend_schema(request=None, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        run_service(lambda: services.campaign_close(school=request_school(request), acting_user=acting_person(request),
                                                    campaign=campaign))
        return Response(self._out(campaign))

    @extend_schema(responses=ResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        """Per question: average and distribution of a scale, counts of options, the texts; respondents."""
        return Response(ResultsSerializer(selectors.campaign_results(self.get_object())).data)

    @extend_schema(request=RespondSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        """Answer the campaign's questionnaire, once (the invited person only)."""
        invitation = selectors.invitation_get_for(membership=request_membership_or_none(request), campaign_id=pk)
        values = _parse(RespondSerializer, request)
        run_service(lambda: services.response_submit(school=request_school(request), acting_user=acting_person(request),
                                                     campaign=invitation.campaign, answers=values["answers"]))
        return Response(status=status.HTTP_201_CREATED)


@extend_schema(tags=["surveys"], responses=MySurveySerializer(many=True))
class MySurveysView(SchoolAPIView):
    """The signed-in person's invitations to open campaigns: answered or not, and whether they can answer now."""

    serializer_class = MySurveySerializer
    queryset = Invitation.objects.none()  # for the schema; the person's own are read by the selector
    pagination_class = None  # a person's own invitations: a plain list, as documented

    def get(self, request: Request) -> Response:
        return Response(MySurveySerializer(selectors.my_invitations(membership=request_membership_or_none(request)),
                                           many=True).data)


router = SimpleRouter()
router.register("questionnaires", QuestionnaireViewSet, basename="questionnaire")
router.register("campaigns", CampaignViewSet, basename="campaign")
urlpatterns = [*router.urls, path("my-surveys/", MySurveysView.as_view(), name="my-surveys")]
