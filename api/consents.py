"""REST endpoints: consents (a school's space).

The school's list needs CONSENTS_VIEW, recording and withdrawing need CONSENTS_MANAGE;
`mine/` gives every member their own consents, `form/` prints a blank consent (anyone's
for CONSENTS_VIEW, one's own for every member). Without the right: 404.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from consents import selectors, services
from consents.documents import consent_form_pdf
from consents.models import Consent, ConsentPurpose
from people.capabilities import Capability
from people.requests import acting_person, request_membership, request_school
from staff.models import StaffMember
from staff.selectors import staff_for_person
from staff.signers import school_director


class ConsentSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.full_name", read_only=True)
    in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "staff", "staff_name", "purpose", "given_on", "withdrawn_on", "in_force", "note",
                  "created_at"]
        read_only_fields = fields


class ConsentGiveSerializer(serializers.Serializer):
    staff = serializers.PrimaryKeyRelatedField(queryset=StaffMember.objects.all())
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    given_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ConsentWithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()


class ConsentFilterSerializer(serializers.Serializer):
    staff = serializers.UUIDField(required=False)
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices, required=False)
    in_force = serializers.BooleanField(required=False, allow_null=True, default=None)


class ConsentFormQuerySerializer(serializers.Serializer):
    staff = serializers.UUIDField()
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)


_PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The consent form")}


@extend_schema(tags=["consents"])
@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("staff", OpenApiTypes.UUID, description="Only this staff member's consents"),
        OpenApiParameter("purpose", str, enum=ConsentPurpose.values),
        OpenApiParameter("in_force", bool, description="true: in force today; false: withdrawn"),
    ]),
    create=extend_schema(request=ConsentGiveSerializer, responses={201: ConsentSerializer}),
)
class ConsentViewSet(mixins.ListModelMixin, SchoolViewSet):
    """Согласия: given and withdrawn with dates; a withdrawal takes effect at once."""

    action_capabilities = {
        "list": Capability.CONSENTS_VIEW,
        "create": Capability.CONSENTS_MANAGE,
        "withdraw": Capability.CONSENTS_MANAGE,
    }
    filter_backends: list[type] = []
    serializer_class = ConsentSerializer
    lookup_value_regex = "[^/]+"

    def select_list(self):  # type: ignore[no-untyped-def]
        params = ConsentFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.consent_list(membership=request_membership(self.request), staff_id=data.get("staff"),
                                      purpose=data.get("purpose", ""), in_force=data.get("in_force"))

    def create(self, request: Request) -> Response:
        incoming = ConsentGiveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        consent = run_service(lambda: services.consent_give(
            school=request_school(request), acting_user=acting_person(request), staff=data["staff"],
            purpose=data["purpose"], given_on=data["given_on"], note=data["note"],
        ))
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsentWithdrawSerializer, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Record the withdrawal: the consent stops being in force at once."""
        consent = selectors.consent_get_for(membership=request_membership(request), id=pk)
        incoming = ConsentWithdrawSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        consent = run_service(lambda: services.consent_withdraw(
            school=request_school(request), acting_user=acting_person(request), consent=consent,
            withdrawn_on=incoming.validated_data["withdrawn_on"]))
        return Response(ConsentSerializer(consent).data)

    @extend_schema(responses=ConsentSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def mine(self, request: Request) -> Response:
        """The signed-in person's own consents in this school."""
        staff = staff_for_person(acting_person(request))
        return Response(ConsentSerializer(selectors.consents_of(staff) if staff else [], many=True).data)

    @extend_schema(parameters=[ConsentFormQuerySerializer], responses=_PDF)
    @action(detail=False, methods=["get"], url_path="form")
    def form(self, request: Request) -> HttpResponse:
        """A blank consent form, pre-filled with the school and the person, to print and sign."""
        query = ConsentFormQuerySerializer(data=request.query_params)
        if not query.is_valid():
            if "staff" in query.errors:  # an id that is not even an id: the same 404 as a missing one
                raise exceptions.NotFound
            raise serializers.ValidationError(query.errors)
        staff = run_service(lambda: selectors.consent_form_staff_for(
            membership=request_membership(request), person=acting_person(request),
            id=query.validated_data["staff"]))
        content = consent_form_pdf(school=request_school(request), staff=staff, purpose=query.validated_data["purpose"],
                                   director=school_director(school=request_school(request)))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="consent-{query.validated_data["purpose"]}.pdf"'
        return response


router = SimpleRouter()
router.register("consents", ConsentViewSet, basename="consent")
urlpatterns = router.urls
