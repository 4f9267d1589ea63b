"""REST endpoints: personalised programmes, their plans and evidence (regulation §1.2, §7).

Thin: parse, call one service or selector, serialise. Objects are looked up through the
programme selectors, so a programme the person may not see answers the same 404 as a missing one;
a person who sees a programme but may not take an action on it gets 404 too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from api.parsers import JSONParser
from banks.models import Direction
from mentoring.models import (
    Activity,
    ActivityStatus,
    EarlyEndReason,
    Evidence,
    Meeting,
    MeetingForm,
    Participant,
    Programme,
    ProgrammeChange,
    ProgrammeStatus,
)
from mentoring.selectors import meetings as meeting_selectors
from mentoring.selectors import programmes as selectors
from mentoring.services import meetings as meeting_services
from mentoring.services import programme_changes, programme_evidence, programme_lifecycle, programme_plan
from people.requests import acting_person, request_membership_or_none, request_school
from staff.models import StaffMember

# --- serializers -----------------------------------------------------------------------------------


class ProgrammeParticipantSerializer(serializers.ModelSerializer):
    staff_id = serializers.UUIDField(source="staff.id")
    full_name = serializers.CharField(source="staff.full_name")

    class Meta:
        model = Participant
        fields = ["staff_id", "full_name", "role", "joined_on"]


class ProgrammeSerializer(serializers.ModelSerializer):
    participants = ProgrammeParticipantSerializer(source="pair.current_participants", many=True, read_only=True)
    activity_count = serializers.IntegerField(read_only=True)
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "pair", "title", "goals", "directions", "strengths_supported", "starts_on", "ends_on",
                  "status", "approved_on", "finished_on", "end_reason", "end_note", "participants",
                  "activity_count", "overdue_count"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "size", "note", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, evidence: Evidence) -> str:
        return f"/api/evidence/{evidence.pk}/download/"


class ActivitySerializer(serializers.ModelSerializer):
    responsible_name = serializers.CharField(source="responsible.full_name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, default=False)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "programme", "title", "description", "direction", "deadline", "responsible",
                  "responsible_name", "status", "result", "done_on", "is_overdue", "evidence"]
        read_only_fields = fields


class ProgrammeChangeSerializer(serializers.ModelSerializer):
    changed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeChange
        fields = ["id", "kind", "before", "after", "reason", "agreed_by_mentor", "agreed_by_mentee",
                  "changed_by_name", "changed_at"]
        read_only_fields = fields

    def get_changed_by_name(self, change: ProgrammeChange) -> str:
        return change.changed_by.get_full_name() if change.changed_by else ""


class ProgrammeDetailSerializer(ProgrammeSerializer):
    activities = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "activities", "history"]
        read_only_fields = fields

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, programme: Programme) -> Any:
        return ActivitySerializer(selectors.programme_plan(programme), many=True).data

    @extend_schema_field(ProgrammeChangeSerializer(many=True))
    def get_history(self, programme: Programme) -> Any:
        return ProgrammeChangeSerializer(selectors.programme_history(programme), many=True).data


class ProgrammeWriteSerializer(serializers.Serializer):
    pair = serializers.UUIDField()
    title = serializers.CharField(max_length=300)
    goals = serializers.CharField()
    directions = serializers.ListField(child=serializers.ChoiceField(choices=Direction.choices))
    strengths_supported = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ProgrammeUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    goals = serializers.CharField(required=False)
    directions = serializers.ListField(child=serializers.ChoiceField(choices=Direction.choices), required=False)
    strengths_supported = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class ProgrammeAgreementSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    agreed_by_mentor = serializers.BooleanField(required=False, default=False)
    agreed_by_mentee = serializers.BooleanField(required=False, default=False)


class ProgrammeEndEarlySerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=EarlyEndReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    agreed_by_mentor = serializers.BooleanField(required=False, default=False)
    agreed_by_mentee = serializers.BooleanField(required=False, default=False)


class ProgrammeExtendSerializer(ProgrammeAgreementSerializer):
    new_ends_on = serializers.DateField()


class ProgrammeAdjustSerializer(ProgrammeAgreementSerializer):
    title = serializers.CharField(max_length=300, required=False)
    goals = serializers.CharField(required=False)
    directions = serializers.ListField(child=serializers.ChoiceField(choices=Direction.choices), required=False)
    strengths_supported = serializers.CharField(required=False, allow_blank=True)


class ActivityWriteSerializer(ProgrammeAgreementSerializer):
    programme = serializers.UUIDField()
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    direction = serializers.ChoiceField(choices=Direction.choices, required=False, allow_blank=True, default="")
    deadline = serializers.DateField()
    responsible = serializers.UUIDField()
    status = serializers.ChoiceField(choices=ActivityStatus.choices, required=False, default=ActivityStatus.PLANNED)


class ActivityUpdateSerializer(ProgrammeAgreementSerializer):
    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False, allow_blank=True)
    deadline = serializers.DateField(required=False)
    responsible = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=ActivityStatus.choices, required=False)


class ActivityDoneSerializer(serializers.Serializer):
    result = serializers.CharField()


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


# --- helpers ----------------------------------------------------------------------------------------


def _parse(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    incoming = serializer_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


def _responsible(staff_id: Any) -> StaffMember:
    staff = StaffMember.objects.filter(pk=staff_id).first()
    if staff is None:
        raise serializers.ValidationError({"responsible": [
            _("The responsible person must be a participant of the pair or the curator.")]})
    return staff


class MeetingSerializer(serializers.ModelSerializer):
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "held_on", "form", "topic", "notes", "attendees", "created_at"]

    @extend_schema_field(ProgrammeParticipantSerializer(many=True))
    def get_attendees(self, meeting: Meeting) -> list[dict[str, Any]]:
        return [{"staff_id": member.pk, "full_name": member.full_name} for member in meeting.attendees.all()]


class MeetingWriteSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    form = serializers.ChoiceField(choices=MeetingForm.choices)
    topic = serializers.CharField(max_length=300)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    attendees = serializers.ListField(child=serializers.UUIDField(), allow_empty=False)


# --- viewsets ------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("status", str, enum=ProgrammeStatus.values),
        OpenApiParameter("overdue", bool, description="Only programmes with overdue activities"),
        OpenApiParameter("q", str, description="Title or a participant's last name"),
    ]),
)
@extend_schema(tags=["programmes"])
class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """Personalised mentoring programmes the person may see (the whole school with PAIRS_VIEW_ALL,
    otherwise those of their own pairs)."""

    serializer_class = ProgrammeSerializer
    filter_backends: list[type] = []

    def select_list(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        params = self.request.query_params
        return selectors.programmes_for(
            membership=request_membership_or_none(self.request), status=params.get("status", ""),
            overdue_only=params.get("overdue") in ("1", "true", "True"), query=params.get("q", "").strip(),
        )

    def select_one(self) -> Programme:  # type: ignore[override]
        return run_service(lambda: selectors.programme_get_for(membership=request_membership_or_none(self.request),
                                                               id=self.kwargs["pk"]))

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return ProgrammeDetailSerializer if self.action != "list" else ProgrammeSerializer

    def _detail(self, programme: Programme, code: int = status.HTTP_200_OK) -> Response:
        # Read through the list's selector, so the detail carries its documented counts (activity_count…).
        fresh = (selectors.programmes_for(membership=request_membership_or_none(self.request))
                 .filter(pk=programme.pk).first())
        if fresh is None:
            raise exceptions.NotFound
        fresh.pair.current_participants = selectors.programme_participants(fresh)  # type: ignore[attr-defined]
        return Response(ProgrammeDetailSerializer(fresh).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    @extend_schema(request=ProgrammeWriteSerializer, responses={201: ProgrammeDetailSerializer})
    def create(self, request: Request) -> Response:
        data = _parse(ProgrammeWriteSerializer, request)
        pair = (selectors.pairs_open_for_programme(membership=request_membership_or_none(request))
                .filter(pk=data.pop("pair")).first())
        if pair is None:
            raise serializers.ValidationError({"pair": [_(
                "No such pair without a programme that you may write one for.")]})
        programme = run_service(lambda: programme_lifecycle.programme_create(
                   school=request_school(request), acting_user=acting_person(request), pair=pair, **data))
        return self._detail(programme, status.HTTP_201_CREATED)

    @extend_schema(request=ProgrammeUpdateSerializer, responses=ProgrammeDetailSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        programme = self.get_object()
        data = _parse(ProgrammeUpdateSerializer, request)
        values = {field: data.get(field, getattr(programme, field)) for field in
                  ("title", "goals", "directions", "strengths_supported", "starts_on", "ends_on")}
        run_service(lambda: programme_lifecycle.programme_update(
            school=request_school(request), acting_user=acting_person(request), programme=programme, **values))
        return self._detail(programme)

    def _transition(self, request: Request, service: Callable[..., Any], **kwargs: Any) -> Response:
        programme = self.get_object()
        run_service(lambda: service(school=request_school(request), acting_user=acting_person(request),
                                    programme=programme,
                                    **kwargs))
        return self._detail(programme)

    @extend_schema(methods=["GET"], request=None, responses=MeetingSerializer(many=True))
    @extend_schema(methods=["POST"], request=MeetingWriteSerializer, responses={201: MeetingSerializer})
    @action(detail=True, methods=["get", "post"])
    def meetings(self, request: Request, pk: Any = None) -> Response:
        """The programme's meeting log: read by whoever sees the programme, written by the pair's mentor or a
        mentee (anyone else: 404)."""
        programme = self.get_object()
        if request.method == "GET":
            return Response(MeetingSerializer(meeting_selectors.meetings_of(programme), many=True).data)
        data = _parse(MeetingWriteSerializer, request)
        current = {str(m.pk): m for m in meeting_selectors.current_participants(programme)}
        unknown = [str(i) for i in data["attendees"] if str(i) not in current]
        if unknown:
            raise serializers.ValidationError({"attendees": [_("Only the pair's participants can be ticked.")]})
        meeting = run_service(lambda: meeting_services.meeting_record(
            school=request_school(request), acting_user=acting_person(request), programme=programme,
            held_on=data["held_on"],
            form=data["form"], topic=data["topic"], notes=data["notes"],
            attendees=[current[str(i)] for i in data["attendees"]]))
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ProgrammeDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Approve a draft (the director)."""
        return self._transition(request, programme_lifecycle.programme_approve)

    @extend_schema(request=None, responses=ProgrammeDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: Any = None) -> Response:
        """Start an approved programme: only when its pair is active (consents and a signed order)."""
        return self._transition(request, programme_lifecycle.programme_start)

    @extend_schema(request=None, responses=ProgrammeDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: Any = None) -> Response:
        """Complete an active programme whose plan is done in full (§7.1)."""
        return self._transition(request, programme_lifecycle.programme_complete)

    @extend_schema(request=ProgrammeEndEarlySerializer, responses=ProgrammeDetailSerializer)
    @action(detail=True, methods=["post"], url_path="end-early")
    def end_early(self, request: Request, pk: Any = None) -> Response:
        """End early with a reason of §7.1 and a note."""
        return self._transition(request, programme_lifecycle.programme_end_early,
                                **_parse(ProgrammeEndEarlySerializer, request))

    @extend_schema(request=ProgrammeExtendSerializer, responses=ProgrammeDetailSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: Any = None) -> Response:
        """Extend by mutual consent (§7.2); the whole programme stays within 1 year from its start."""
        return self._transition(request, programme_changes.programme_extend,
                                **_parse(ProgrammeExtendSerializer, request))

    @extend_schema(request=ProgrammeAdjustSerializer, responses=ProgrammeDetailSerializer)
    @action(detail=True, methods=["post"])
    def adjust(self, request: Request, pk: Any = None) -> Response:
        """Adjust title, goals, directions or strengths by mutual consent (§7.2), kept in the history."""
        data = _parse(ProgrammeAdjustSerializer, request)
        changes = {field: data.pop(field) for field in programme_changes.ADJUSTABLE_FIELDS if field in data}
        return self._transition(request, programme_changes.programme_adjust, changes=changes, **data)


@extend_schema(tags=["programmes"])
class ActivityViewSet(mixins.RetrieveModelMixin, SchoolViewSet):
    """The plan of activities of a programme: add, edit, mark done, attach evidence."""

    serializer_class = ActivitySerializer
    filter_backends: list[type] = []
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def select_list(self):  # type: ignore[no-untyped-def]
        return Activity.objects.none()  # objects are reached only through activity_get_for

    def select_one(self) -> Activity:  # type: ignore[override]
        return run_service(lambda: selectors.activity_get_for(membership=request_membership_or_none(self.request),
                                                              id=self.kwargs["pk"]))

    def _detail(self, activity: Activity, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.activity_get_for(membership=request_membership_or_none(self.request), id=activity.pk)
        plan = selectors.programme_plan(fresh.programme)
        fresh.is_overdue = any(  # type: ignore[attr-defined]
            getattr(a, "is_overdue", False) for a in plan if a.pk == fresh.pk)
        return Response(ActivitySerializer(fresh).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    @extend_schema(request=ActivityWriteSerializer, responses={201: ActivitySerializer})
    def create(self, request: Request) -> Response:
        data = _parse(ActivityWriteSerializer, request)
        programme = run_service(lambda: selectors.programme_get_for(membership=request_membership_or_none(request),
                                                                    id=data.pop("programme")))
        data["responsible"] = _responsible(data["responsible"])
        activity = run_service(lambda: programme_plan.activity_add(
            school=request_school(request), acting_user=acting_person(request), programme=programme, **data))
        return self._detail(activity, status.HTTP_201_CREATED)

    @extend_schema(request=ActivityUpdateSerializer, responses=ActivitySerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        activity = self.get_object()
        data = _parse(ActivityUpdateSerializer, request)
        values = {field: data.get(field, getattr(activity, field)) for field in
                  ("title", "description", "direction", "deadline", "status")}
        values["responsible"] = _responsible(data["responsible"]) if "responsible" in data else activity.responsible
        run_service(lambda: programme_plan.activity_update(
                   school=request_school(request), acting_user=acting_person(request), activity=activity,
                   reason=data["reason"],
                   agreed_by_mentor=data["agreed_by_mentor"], agreed_by_mentee=data["agreed_by_mentee"], **values))
        return self._detail(activity)

    @extend_schema(request=ActivityDoneSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: Any = None) -> Response:
        """The mentee or the mentor marks the activity done, with its result."""
        activity = self.get_object()
        data = _parse(ActivityDoneSerializer, request)
        run_service(lambda: programme_plan.activity_mark_done(
            school=request_school(request), acting_user=acting_person(request), activity=activity,
            result=data["result"]))
        return self._detail(activity)

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: Request, pk: Any = None) -> Response:
        """Upload evidence of the activity's result (PDF, DOCX, XLSX, PPTX, ODT, JPG, PNG; size limit)."""
        activity = self.get_object()
        data = _parse(EvidenceUploadSerializer, request)
        evidence = run_service(lambda: programme_evidence.evidence_upload(
                   school=request_school(request), acting_user=acting_person(request), activity=activity,
                   uploaded_file=data["file"],
                   note=data["note"]))
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["programmes"])
class EvidenceViewSet(SchoolViewSet):
    """Evidence files: served only here, after the right to the programme is checked."""

    serializer_class = EvidenceSerializer
    filter_backends: list[type] = []

    def select_list(self):  # type: ignore[no-untyped-def]
        return Evidence.objects.none()  # reached only through evidence_get_for

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        evidence = run_service(lambda: selectors.evidence_get_for(membership=request_membership_or_none(request),
                                                                  id=pk))
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound from None
        return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


router = SimpleRouter()
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("activities", ActivityViewSet, basename="activity")
router.register("evidence", EvidenceViewSet, basename="evidence")
urlpatterns = router.urls
