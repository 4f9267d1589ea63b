"""REST endpoints of the mentor exchange at a school's host (issue 6).

Requests and the answers to proposals made to the school's mentors need Capability.EXCHANGE_REQUEST
(the curator, the director); «my proposals» is open to any member and shows only the proposals made to
that person. Another school's request or proposal answers the same 404 as a missing one.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from api.routes import UUID_LOOKUP
from banks.models import Direction
from exchange import ranking, selectors, services
from exchange.models import MentorRequest, Proposal
from mentoring.models import Mode
from people.capabilities import Capability
from people.requests import acting_person, request_school
from staff.models import StaffMember


class ProposalSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="request.school.short_name", read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "request", "school", "mentor_school", "mentor_name", "score", "explanation", "status",
                  "proposed_at", "expires_at", "declined_by", "decline_reason"]
        read_only_fields = fields


class RequestSerializer(serializers.ModelSerializer):
    proposals = ProposalSerializer(many=True, read_only=True)

    class Meta:
        model = MentorRequest
        fields = ["id", "subjects", "directions", "preferred_mode", "starts_on", "months", "min_experience_years",
                  "status", "created_at", "closed_at", "proposals"]
        read_only_fields = fields


class RequestCreateSerializer(serializers.Serializer):
    mentee = serializers.UUIDField(help_text="The staff record of the mentee (kept in the school).")
    subjects = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)
    directions = serializers.ListField(child=serializers.ChoiceField(choices=Direction.choices), required=False,
                                       default=list)
    preferred_mode = serializers.ChoiceField(choices=Mode.choices, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    months = serializers.IntegerField()
    min_experience_years = serializers.IntegerField(required=False, allow_null=True, default=None)


class CriterionSerializer(serializers.Serializer):
    name = serializers.CharField()
    points = serializers.FloatField()
    max_points = serializers.IntegerField()
    reason = serializers.CharField()


class RankedMentorSerializer(serializers.Serializer):
    entry = serializers.UUIDField()
    name = serializers.CharField()
    school = serializers.CharField()
    free_places = serializers.IntegerField()
    total = serializers.IntegerField()
    eligible = serializers.BooleanField()
    refusals = serializers.ListField(child=serializers.CharField())
    criteria = CriterionSerializer(many=True)


class ProposeSerializer(serializers.Serializer):
    entry = serializers.UUIDField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


@extend_schema(tags=["exchange"])
class ExchangeRequestViewSet(SchoolViewSet):
    """The school's mentor requests: list, open, cancel; the directory ranked for one; propose a mentor."""

    required_capability = Capability.EXCHANGE_REQUEST
    serializer_class = RequestSerializer
    queryset = MentorRequest.objects.none()  # the schema's model; reads go through exchange.selectors
    pagination_class = None
    lookup_value_regex = UUID_LOOKUP

    def select_one(self) -> MentorRequest:
        return run_service(lambda: selectors.request_get(school_id=request_school(self.request).pk,
                                                         id=self.kwargs["pk"]))

    def list(self, request: Request) -> Response:
        return Response(RequestSerializer(selectors.request_list(school_id=request_school(request).pk),
                                          many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(RequestSerializer(self.get_object()).data)

    @extend_schema(request=RequestCreateSerializer, responses={201: RequestSerializer})
    def create(self, request: Request) -> Response:
        incoming = RequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        mentee = StaffMember.objects.filter(pk=data.pop("mentee")).first()
        created = run_service(lambda: services.request_create(acting_user=acting_person(request),
                                                              school=request_school(request), mentee=mentee, **data))
        fresh = selectors.request_get(school_id=request_school(request).pk, id=created.pk)
        return Response(RequestSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        found = self.get_object()
        run_service(lambda: services.request_cancel(acting_user=acting_person(request), school=request_school(request),
                                                    request=found))
        return Response(RequestSerializer(self.get_object()).data)

    @extend_schema(responses=RankedMentorSerializer(many=True),
                   description="The best 50 mentors of the directory for the request, each explained.")
    @action(detail=True, methods=["get"])
    def ranking(self, request: Request, pk: str | None = None) -> Response:
        found = self.get_object()
        rows = [{"entry": entry.pk, "name": entry.full_name, "school": entry.school.short_name,
                 "free_places": entry.free, "total": score.total, "eligible": score.eligible,  # type: ignore[attr-defined]
                 "refusals": list(score.refusals),
                 "criteria": [{"name": c.name, "points": c.points, "max_points": c.max_points, "reason": c.reason}
                              for c in score.criteria]}
                for score, entry in ranking.request_rank(request=found, limit=ranking.RANKING_SHOWN)]
        return Response(RankedMentorSerializer(rows, many=True).data)

    @extend_schema(request=ProposeSerializer, responses={201: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def propose(self, request: Request, pk: str | None = None) -> Response:
        found = self.get_object()
        incoming = ProposeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        proposal = run_service(lambda: services.proposal_create(acting_user=acting_person(request), request=found,
                                                                entry_id=incoming.validated_data["entry"]))
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["exchange"])
class IncomingProposalViewSet(SchoolViewSet):
    """Proposals made to the school's mentors: the school approves or declines with a reason."""

    required_capability = Capability.EXCHANGE_REQUEST
    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()  # the schema's model; reads go through exchange.selectors
    pagination_class = None
    lookup_value_regex = UUID_LOOKUP

    def list(self, request: Request) -> Response:
        return Response(ProposalSerializer(selectors.proposals_to_school(school_id=request_school(request).pk),
                                           many=True).data)

    def _decide(self, request: Request, pk: Any, approve: bool) -> Response:
        school = request_school(request)
        proposal = run_service(lambda: selectors.proposal_to_school_get(school_id=school.pk, id=pk))
        incoming = ReasonSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        decided = run_service(lambda: services.proposal_school_decide(
                   acting_user=acting_person(request), school=school, proposal=proposal, approve=approve,
                   reason=incoming.validated_data["reason"]))
        return Response(ProposalSerializer(decided).data)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, pk, True)

    @extend_schema(request=ReasonSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, pk, False)


@extend_schema(tags=["exchange"])
class MyProposalViewSet(SchoolViewSet):
    """Proposals made to the signed-in person as a mentor of this school: agree or decline with a reason."""

    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()  # the schema's model; reads go through exchange.selectors
    pagination_class = None
    lookup_value_regex = UUID_LOOKUP

    def list(self, request: Request) -> Response:
        rows = selectors.proposals_of_mentor(person_id=acting_person(request).pk, school_id=request_school(request).pk)
        return Response(ProposalSerializer(rows, many=True).data)

    def _answer(self, request: Request, pk: Any, accept: bool) -> Response:
        person = acting_person(request)
        proposal = run_service(lambda: selectors.proposal_of_mentor_get(person_id=person.pk,
                                                                        school_id=request_school(request).pk, id=pk))
        incoming = ReasonSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        answered = run_service(lambda: services.proposal_mentor_decide(
            acting_user=person, proposal=proposal, accept=accept, reason=incoming.validated_data["reason"]))
        return Response(ProposalSerializer(answered).data)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(request, pk, True)

    @extend_schema(request=ReasonSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(request, pk, False)


router = SimpleRouter()
router.register("exchange/requests", ExchangeRequestViewSet, basename="exchange-request")
router.register("exchange/incoming", IncomingProposalViewSet, basename="exchange-incoming")
router.register("exchange/my-proposals", MyProposalViewSet, basename="exchange-my-proposal")
urlpatterns = router.urls
