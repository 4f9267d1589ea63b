"""REST endpoints: mentoring pairs and groups (§6), their orders, and requests about them (§4.1, §5.1)."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from mentoring import documents
from mentoring.models import (
    Mode,
    Pair,
    PairRequest,
    PairStatus,
    Participant,
    RequestKind,
    RequestStatus,
    RoleForm,
)
from mentoring.selectors import pairs as selectors
from mentoring.services import pairs as services
from mentoring.services import requests as request_services
from orders.models import Order
from people.capabilities import Capability, can
from people.requests import acting_person, request_membership, request_school
from staff.models import StaffMember

# --- serializers ------------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    staff_id = serializers.UUIDField(source="staff.id", read_only=True)
    full_name = serializers.CharField(source="staff.full_name", read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "staff_id", "full_name", "role", "joined_on", "left_on"]
        read_only_fields = fields


class PairOrderSerializer(serializers.ModelSerializer[Order]):
    class Meta:
        model = Order
        fields = ["id", "number", "date", "title", "status"]
        read_only_fields = fields


class PairSerializer(serializers.ModelSerializer[Pair]):
    participants = ParticipantSerializer(many=True, read_only=True)
    order = PairOrderSerializer(read_only=True)

    class Meta:
        model = Pair
        fields = ["id", "role_form", "mode", "status", "formed_on", "activated_on", "ended_on", "order",
                  "participants"]
        read_only_fields = fields


class PairCreateSerializer(serializers.Serializer):
    role_form = serializers.ChoiceField(choices=RoleForm.choices)
    mode = serializers.ChoiceField(choices=Mode.choices)
    mentors = serializers.ListField(child=serializers.UUIDField(), min_length=1,
                                    help_text="Staff ids of the mentor(s), from the mentor bank (one or two).")
    mentees = serializers.ListField(child=serializers.UUIDField(), min_length=1,
                                    help_text="Staff ids of the mentee(s), from the mentee bank.")
    formed_on = serializers.DateField()


class DraftOrderSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=30)
    date = serializers.DateField()


class PairRequestSerializer(serializers.ModelSerializer[PairRequest]):
    submitted_by_name = serializers.CharField(source="submitted_by.full_name", read_only=True)
    new_mentor_name = serializers.CharField(source="new_mentor.full_name", read_only=True, default="")

    class Meta:
        model = PairRequest
        fields = ["id", "pair", "kind", "reason", "submitted_by", "submitted_by_name", "submitted_on", "status",
                  "decided_on", "decision", "new_mentor", "new_mentor_name"]
        read_only_fields = fields


class PairRequestCreateSerializer(serializers.Serializer):
    pair = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    reason = serializers.CharField()


class DecideSerializer(serializers.Serializer):
    grant = serializers.BooleanField()
    decision = serializers.CharField(required=False, allow_blank=True, default="")
    new_mentor = serializers.UUIDField(required=False, allow_null=True, default=None)


def _staff(ids: list[uuid.UUID], field: str) -> list[StaffMember]:
    found = {s.pk: s for s in StaffMember.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise serializers.ValidationError({field: [_("Unknown staff member: %(id)s.") % {"id": missing[0]}]})
    return [found[i] for i in ids]  # type: ignore[index]


# --- views ------------------------------------------------------------------------------------

_FILTERS = [
    OpenApiParameter("status", str, enum=PairStatus.values),
    OpenApiParameter("mode", str, enum=Mode.values),
    OpenApiParameter("role_form", str, enum=RoleForm.values),
    OpenApiParameter("q", str, description="A participant's name"),
]


@extend_schema(tags=["pairs"])
@extend_schema_view(list=extend_schema(parameters=_FILTERS))
class PairViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """Mentoring pairs and groups. Those who see every pair see all of the school's; anyone else, their own."""

    serializer_class = PairSerializer
    filter_backends: list[type] = []

    def select_list(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generator
            return Pair.objects.none()
        params = self.request.query_params
        return selectors.pairs_visible_to(
            membership=request_membership(self.request), person=acting_person(self.request),
            status=params.get("status", ""),
            mode=params.get("mode", ""), role_form=params.get("role_form", ""), search=params.get("q", ""),
        )

    def select_one(self) -> Pair:
        return selectors.pair_get_for(membership=request_membership(self.request), person=acting_person(self.request),
                                      id=self.kwargs["pk"])

    def _require(self, capability: Capability) -> None:
        if not can(request_membership(self.request), capability):
            raise exceptions.NotFound

    @extend_schema(request=PairCreateSerializer, responses={201: PairSerializer})
    def create(self, request: Request) -> Response:
        """Form a pair or group (§6.1–6.2): bank membership, consents and capacity are checked."""
        self._require(Capability.PAIRS_FORM)
        incoming = PairCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        pair = run_service(lambda: services.pair_form(
            school=request_school(request), acting_user=acting_person(request), role_form=data["role_form"],
            mode=data["mode"],
            mentors=_staff(data["mentors"], "mentors"), mentees=_staff(data["mentees"], "mentees"),
            formed_on=data["formed_on"],
        ))
        pair = selectors.pair_get_for(membership=request_membership(request), person=acting_person(request),
                                      id=pair.pk)
        return Response(PairSerializer(pair).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DraftOrderSerializer, responses={201: PairOrderSerializer})
    @action(detail=True, methods=["post"], url_path="draft-order")
    def draft_order(self, request: Request, pk: str | None = None) -> Response:
        """Draft the director's order assigning the pair, built from the pair's data (§6.2)."""
        self._require(Capability.PAIRS_FORM)
        pair = self.get_object()
        incoming = DraftOrderSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        order = run_service(lambda: services.pair_draft_order(
            school=request_school(request), acting_user=acting_person(request), pair=pair, **incoming.validated_data))
        return Response(PairOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PairSerializer})
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str | None = None) -> Response:
        """Start the pair: every consent in force and the director's order signed; otherwise 400 listing what is
        missing."""
        self._require(Capability.PAIRS_FORM)
        pair = self.get_object()
        run_service(lambda: services.pair_activate(school=request_school(request), acting_user=acting_person(request),
                                                   pair=pair))
        return Response(PairSerializer(self.get_object()).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="order-pdf")
    def order_pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The order assigning the pair as PDF (a «№ ____» draft until it is drafted)."""
        pair = self.get_object()
        response = HttpResponse(documents.pair_order_pdf(school=request_school(request), pair=pair),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="order-{pair.pk}.pdf"'
        return response


@extend_schema(tags=["pairs"])
@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("status", str, enum=RequestStatus.values)]))
class PairRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """Petitions to replace the mentor (§5.1) and mentors' requests to be released (§4.1).

    The curator and the director see and decide all; anyone else sees the requests they submitted."""

    serializer_class = PairRequestSerializer
    filter_backends: list[type] = []

    def select_list(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generator
            return PairRequest.objects.none()
        return selectors.requests_visible_to(membership=request_membership(self.request),
                                             person=acting_person(self.request),
                                             status=self.request.query_params.get("status", ""))

    def select_one(self) -> PairRequest:
        return selectors.request_get_for(membership=request_membership(self.request),
                                         person=acting_person(self.request),
                                         id=self.kwargs["pk"])

    @extend_schema(request=PairRequestCreateSerializer, responses={201: PairRequestSerializer})
    def create(self, request: Request) -> Response:
        """Submit a request about a pair you take part in: a mentee petitions, a mentor asks to be released."""
        incoming = PairRequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        pair = selectors.pair_get_for(membership=request_membership(request), person=acting_person(request),
                                      id=data["pair"])
        pair_request = run_service(lambda: request_services.request_submit(
            school=request_school(request), acting_user=acting_person(request), pair=pair, kind=data["kind"],
            reason=data["reason"]))
        return Response(PairRequestSerializer(pair_request).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecideSerializer, responses={200: PairRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Grant or refuse (curator or director). Replacing needs `new_mentor`; refusing needs `decision`."""
        pair_request = selectors.request_get_for_decision(membership=request_membership(request),
                                                          id=self.kwargs["pk"])
        incoming = DecideSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        new_mentor = _staff([data["new_mentor"]], "new_mentor")[0] if data["new_mentor"] else None
        decided = run_service(lambda: request_services.request_decide(
            school=request_school(request), acting_user=acting_person(request), request=pair_request,
            grant=data["grant"],
            decision=data["decision"], new_mentor=new_mentor,
        ))
        return Response(PairRequestSerializer(decided).data)


router = SimpleRouter()
router.register("pairs", PairViewSet, basename="pair")
router.register("pair-requests", PairRequestViewSet, basename="pair-request")
urlpatterns = router.urls
