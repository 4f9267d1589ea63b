"""REST endpoints: the mentee and mentor banks and the annual review (regulation §3.4).

Reading needs BANKS_VIEW, writing BANKS_MANAGE; anyone else gets 404, as for a
record that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from banks import selectors, services
from banks.models import (
    BankReview,
    Difficulty,
    Direction,
    MenteeCategory,
    MenteeProfile,
    MenteeStatus,
    MentorProfile,
    MentorStatus,
    TrainingRecord,
)
from mentoring.models import Mode, RoleForm
from people.capabilities import Capability
from people.requests import acting_person, request_membership_or_none, request_school
from staff.models import StaffMember

# --- Serializers ------------------------------------------------------------------


class DifficultySerializer(serializers.ModelSerializer[Difficulty]):
    direction = serializers.ChoiceField(choices=Direction.choices)
    description = serializers.CharField()

    class Meta:
        model = Difficulty
        fields = ["direction", "description"]


class MenteeSerializer(serializers.ModelSerializer[MenteeProfile]):
    staff = serializers.UUIDField(source="staff_id", read_only=True)
    full_name = serializers.CharField(source="staff.full_name", read_only=True)
    position = serializers.CharField(source="staff.position", read_only=True)
    is_young_specialist = serializers.BooleanField(source="staff.is_young_specialist", read_only=True)
    difficulties = DifficultySerializer(many=True, read_only=True)

    class Meta:
        model = MenteeProfile
        fields = ["id", "staff", "full_name", "position", "is_young_specialist", "category", "status", "requests",
                  "strengths", "difficulties", "added_on", "updated_at"]
        read_only_fields = fields


class MenteeCreateSerializer(serializers.Serializer):
    staff = serializers.UUIDField(help_text=_("Id of the staff member"))
    category = serializers.ChoiceField(choices=MenteeCategory.choices)
    requests = serializers.CharField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    difficulties = DifficultySerializer(many=True, required=False, default=list)


class MenteeUpdateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=MenteeCategory.choices, required=False)
    status = serializers.ChoiceField(choices=MenteeStatus.choices, required=False)
    requests = serializers.CharField(required=False, allow_blank=True)
    strengths = serializers.CharField(required=False, allow_blank=True)
    difficulties = DifficultySerializer(many=True, required=False,
                                        help_text=_("When given, replaces the whole list."))


class TrainingSerializer(serializers.ModelSerializer[TrainingRecord]):
    class Meta:
        model = TrainingRecord
        fields = ["id", "title", "provider", "completed_on", "hours"]
        read_only_fields = ["id"]
        extra_kwargs = {"provider": {"required": False, "allow_blank": True}, "hours": {"required": False}}


class MentorSerializer(serializers.ModelSerializer[MentorProfile]):
    staff = serializers.UUIDField(source="staff_id", read_only=True)
    full_name = serializers.CharField(source="staff.full_name", read_only=True)
    position = serializers.CharField(source="staff.position", read_only=True)
    experience_years = serializers.IntegerField(source="staff.teaching_experience_years", read_only=True,
                                                help_text=_("The staff member's teaching experience"))
    active_mentees = serializers.IntegerField(read_only=True)
    free_capacity = serializers.IntegerField(read_only=True, help_text=_("Capacity minus current mentees"))
    trainings = TrainingSerializer(many=True, read_only=True)

    class Meta:
        model = MentorProfile
        fields = ["id", "staff", "full_name", "position", "experience_years", "competencies", "directions",
                  "subjects", "capacity", "active_mentees", "free_capacity", "preferred_forms", "preferred_modes",
                  "availability", "willing_cross_school", "status", "questionnaire_on", "trainings", "updated_at"]
        read_only_fields = fields


class _QuestionnaireSerializer(serializers.Serializer):
    competencies = serializers.CharField(required=False, allow_blank=True)
    directions = serializers.ListField(child=serializers.ChoiceField(choices=Direction.choices), required=False)
    subjects = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    capacity = serializers.IntegerField(required=False, help_text=_("1 to 10; the district's default if omitted"))
    preferred_forms = serializers.ListField(child=serializers.ChoiceField(choices=RoleForm.choices), required=False)
    preferred_modes = serializers.ListField(child=serializers.ChoiceField(choices=Mode.choices), required=False)
    availability = serializers.CharField(required=False, allow_blank=True, max_length=300)
    willing_cross_school = serializers.BooleanField(required=False)


class MentorCreateSerializer(_QuestionnaireSerializer):
    staff = serializers.UUIDField(help_text=_("Id of the staff member"))


class MentorUpdateSerializer(_QuestionnaireSerializer):
    status = serializers.ChoiceField(choices=MentorStatus.choices, required=False)


class BankReviewSerializer(serializers.ModelSerializer[BankReview]):
    reviewed_by = serializers.CharField(source="reviewed_by.get_full_name", read_only=True)

    class Meta:
        model = BankReview
        fields = ["id", "reviewed_on", "reviewed_by", "notes"]
        read_only_fields = ["id", "reviewed_on", "reviewed_by"]
        extra_kwargs = {"notes": {"required": False, "allow_blank": True}}


# --- Shared -----------------------------------------------------------------------


class _BanksViewSet(SchoolViewSet):
    """Reading needs BANKS_VIEW (checked by the base); writing also BANKS_MANAGE."""

    required_capability = Capability.BANKS_VIEW
    write_capability = Capability.BANKS_MANAGE
    filter_backends: list[type] = []

    def _staff(self, staff_id: Any) -> StaffMember:
        """The staff member by id in this school; the service checks the rest."""
        staff = StaffMember.objects.filter(pk=staff_id).first()
        if staff is None:
            raise exceptions.ValidationError({"staff": [_("No staff member with this id in this school.")]})
        return staff


def _difficulties(items: list[dict[str, str]]) -> list[services.DifficultyInput]:
    return [services.DifficultyInput(direction=item["direction"], description=item["description"]) for item in items]


def _flag(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise exceptions.ValidationError({"willing_cross_school": [_("Use true or false.")]})


def _choice_param(request: Request, name: str, choices: list[str]) -> str:
    value = request.query_params.get(name, "").strip()
    if value and value not in choices:
        raise exceptions.ValidationError({name: [_("“%(value)s” is not a valid choice.") % {"value": value}]})
    return value


# --- Mentee bank ------------------------------------------------------------------


@extend_schema(tags=["banks"])
@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("category", OpenApiTypes.STR, enum=MenteeCategory.values),
        OpenApiParameter("status", OpenApiTypes.STR, enum=MenteeStatus.values),
        OpenApiParameter("direction", OpenApiTypes.STR, enum=Direction.values,
                         description="Has a difficulty in this direction"),
        OpenApiParameter("search", OpenApiTypes.STR, description="Words of the name"),
    ]),
    create=extend_schema(request=MenteeCreateSerializer, responses={201: MenteeSerializer}),
    partial_update=extend_schema(request=MenteeUpdateSerializer, responses=MenteeSerializer),
)
class MenteeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _BanksViewSet):
    """The mentee bank (банк наставляемых): requests, difficulties by direction, strengths."""

    serializer_class = MenteeSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def select_list(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generation
            return MenteeProfile.objects.none()
        request = self.request
        return selectors.mentee_list(
            membership=request_membership_or_none(request),
            category=_choice_param(request, "category", MenteeCategory.values),
            status=_choice_param(request, "status", MenteeStatus.values),
            direction=_choice_param(request, "direction", Direction.values),
            search=request.query_params.get("search", "").strip()[:100],
        )

    def select_one(self) -> MenteeProfile:
        return selectors.mentee_get_for(membership=request_membership_or_none(self.request), id=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        incoming = MenteeCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        mentee = run_service(lambda: services.mentee_add(
            school=request_school(request), acting_user=acting_person(request), staff=self._staff(data["staff"]),
            category=data["category"], requests=data["requests"], strengths=data["strengths"],
            difficulties=_difficulties(data["difficulties"]),
        ))
        mentee = selectors.mentee_get_for(membership=request_membership_or_none(request), id=mentee.pk)
        return Response(MenteeSerializer(mentee).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        mentee = self.get_object()
        incoming = MenteeUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        if "difficulties" in data:
            data["difficulties"] = _difficulties(data["difficulties"])
        run_service(lambda: services.mentee_update(
            school=request_school(request), acting_user=acting_person(request), mentee=mentee, **data))
        return Response(MenteeSerializer(self.get_object()).data)


# --- Mentor bank ------------------------------------------------------------------


@extend_schema(tags=["banks"])
@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("direction", OpenApiTypes.STR, enum=Direction.values),
        OpenApiParameter("subject", OpenApiTypes.STR, description="Part of a subject's name"),
        OpenApiParameter("mode", OpenApiTypes.STR, enum=Mode.values, description="A preferred mode"),
        OpenApiParameter("status", OpenApiTypes.STR, enum=MentorStatus.values),
        OpenApiParameter("has_free_capacity", OpenApiTypes.BOOL, description="Only mentors with free places"),
        OpenApiParameter("willing_cross_school", OpenApiTypes.BOOL),
        OpenApiParameter("search", OpenApiTypes.STR, description="Words of the name"),
    ]),
    create=extend_schema(request=MentorCreateSerializer, responses={201: MentorSerializer}),
    partial_update=extend_schema(request=MentorUpdateSerializer, responses=MentorSerializer),
)
class MentorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _BanksViewSet):
    """The mentor bank (банк наставников): the questionnaire, free capacity, trainings."""

    serializer_class = MentorSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def select_list(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generation
            return MentorProfile.objects.none()
        request = self.request
        return selectors.mentor_list(
            membership=request_membership_or_none(request),
            direction=_choice_param(request, "direction", Direction.values),
            subject=request.query_params.get("subject", "").strip()[:100],
            mode=_choice_param(request, "mode", Mode.values),
            status=_choice_param(request, "status", MentorStatus.values),
            has_free_capacity=bool(_flag(request.query_params.get("has_free_capacity"))),
            willing_cross_school=_flag(request.query_params.get("willing_cross_school")),
            search=request.query_params.get("search", "").strip()[:100],
        )

    def select_one(self) -> MentorProfile:
        return selectors.mentor_get_for(membership=request_membership_or_none(self.request), id=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        incoming = MentorCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        staff = self._staff(data.pop("staff"))
        mentor = run_service(lambda: services.mentor_add(
            school=request_school(request), acting_user=acting_person(request), staff=staff, **data))
        mentor = selectors.mentor_get_for(membership=request_membership_or_none(request), id=mentor.pk)
        return Response(MentorSerializer(mentor).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        mentor = self.get_object()
        incoming = MentorUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        run_service(lambda: services.mentor_update(school=request_school(request), acting_user=acting_person(request),
                                                   mentor=mentor,
                                                   **incoming.validated_data))
        return Response(MentorSerializer(self.get_object()).data)

    @extend_schema(request=TrainingSerializer, responses={201: TrainingSerializer})
    @action(detail=True, methods=["post"], url_path="trainings")
    def trainings(self, request: Request, pk: str) -> Response:
        """Record a training the mentor attended."""
        mentor = self.get_object()
        incoming = TrainingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        training = run_service(lambda: services.mentor_training_add(
            school=request_school(request), acting_user=acting_person(request), mentor=mentor, title=data["title"],
            completed_on=data["completed_on"], provider=data.get("provider", ""), hours=data.get("hours"),
        ))
        return Response(TrainingSerializer(training).data, status=status.HTTP_201_CREATED)


# --- The annual review --------------------------------------------------------------


@extend_schema(tags=["banks"])
class BankReviewViewSet(mixins.ListModelMixin, _BanksViewSet):
    """The curator's reviews of the mentee bank, at least once a year (§3.4)."""

    serializer_class = BankReviewSerializer

    def select_list(self):  # type: ignore[no-untyped-def]
        return selectors.bank_reviews(membership=request_membership_or_none(self.request))

    @extend_schema(request=BankReviewSerializer, responses={201: BankReviewSerializer})
    def create(self, request: Request) -> Response:
        incoming = BankReviewSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        review = services.bank_review_record(
            school=request_school(request), acting_user=acting_person(request),
            notes=incoming.validated_data.get("notes", "")
        )
        return Response(BankReviewSerializer(review).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("mentees", MenteeViewSet, basename="mentee")
router.register("mentors", MentorViewSet, basename="mentor")
router.register("bank-reviews", BankReviewViewSet, basename="bank-review")
urlpatterns = router.urls
