"""REST endpoints of the mentor exchange at the district's host (issue 6).

Every district role reads the directory, the open requests and the district's proposal (the optimal
assignment with the first-come greedy figures beside it); the district administrator sends the chosen
pairs. School people get 404.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import DistrictViewSet, run_service
from api.exchange import ProposalSerializer
from exchange import ranking, services
from exchange.models import DirectoryEntry, MentorRequest
from exchange.views_district import directory_filtered
from people.requests import acting_person


class DirectoryEntrySerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.short_name", read_only=True)
    free_places = serializers.IntegerField(source="free", read_only=True)

    class Meta:
        model = DirectoryEntry
        fields = ["id", "school", "last_name", "first_name", "patronymic", "subjects", "directions", "modes",
                  "experience_years", "capacity", "free_places"]
        read_only_fields = fields


class OpenRequestSerializer(serializers.ModelSerializer):
    school = serializers.CharField(source="school.short_name", read_only=True)

    class Meta:
        model = MentorRequest
        fields = ["id", "school", "subjects", "directions", "preferred_mode", "starts_on", "months",
                  "min_experience_years", "created_at"]
        read_only_fields = fields


class AssignedSerializer(serializers.Serializer):
    request = serializers.UUIDField()
    entry = serializers.UUIDField()
    score = serializers.IntegerField()


class AssignmentSerializer(serializers.Serializer):
    total_score = serializers.IntegerField()
    matched = serializers.IntegerField()
    unmatched = serializers.ListField(child=serializers.UUIDField())
    pairs = AssignedSerializer(many=True)


class DistrictProposalSerializer(serializers.Serializer):
    optimal = AssignmentSerializer()
    greedy = AssignmentSerializer()


class SendSerializer(serializers.Serializer):
    pairs = serializers.ListField(child=serializers.DictField(child=serializers.UUIDField()),
                                  help_text="[{\"request\": uuid, \"entry\": uuid}, …]")


def _assignment(assignment: Any) -> dict[str, Any]:
    return {"total_score": assignment.total_score, "matched": assignment.matched,
            "unmatched": list(assignment.unmatched),
            "pairs": [{"request": p.request_id, "entry": p.mentor_id, "score": p.score.total}
                      for p in assignment.pairs]}


@extend_schema(tags=["district"])
class ExchangeDistrictViewSet(DistrictViewSet):
    """The district's view of the mentor exchange."""

    serializer_class = DirectoryEntrySerializer
    queryset = DirectoryEntry.objects.none()  # the schema's model; reads go through exchange.services
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("subject", str, description="part of a subject")],
                   responses=DirectoryEntrySerializer(many=True))
    @action(detail=False, methods=["get"])
    def directory(self, request: Request) -> Response:
        entries = directory_filtered(str(request.query_params.get("subject", "")))
        return Response(DirectoryEntrySerializer(entries, many=True).data)

    @extend_schema(responses=OpenRequestSerializer(many=True))
    @action(detail=False, methods=["get"])
    def requests(self, request: Request) -> Response:
        return Response(OpenRequestSerializer(ranking.open_requests(), many=True).data)

    @extend_schema(responses=DistrictProposalSerializer)
    @action(detail=False, methods=["get"])
    def proposal(self, request: Request) -> Response:
        result = ranking.district_assignment()
        return Response(DistrictProposalSerializer({"optimal": _assignment(result["optimal"]),
                                                    "greedy": _assignment(result["greedy"])}).data)

    @extend_schema(request=SendSerializer, responses={201: ProposalSerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="proposal/send")
    def send(self, request: Request) -> Response:
        incoming = SendSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        choices = [(p.get("request"), p.get("entry")) for p in incoming.validated_data["pairs"]]
        sent = run_service(lambda: services.district_proposals_send(
            acting_user=acting_person(request), choices=choices))
        return Response(ProposalSerializer(sent, many=True).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("district/exchange", ExchangeDistrictViewSet, basename="district-exchange")
urlpatterns = router.urls
