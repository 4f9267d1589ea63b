"""REST endpoints: the register of orders (a school's space).

Every member reads signed orders; drafts are read by those who draft or sign.
Creating and editing drafts needs ORDERS_DRAFT, signing needs ORDERS_SIGN; without
the right the answer is 404, as for an order that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.base import SchoolViewSet, run_service
from orders import selectors, services
from orders.documents import order_pdf
from orders.models import Order, OrderKind, OrderStatus, OrderSubject
from people.capabilities import Capability
from people.requests import acting_person, request_membership, request_school
from people.roles import SchoolRole
from staff.models import StaffMember

# --- serializers -------------------------------------------------------------------------


class OrderSubjectSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.full_name", read_only=True)
    staff_position = serializers.CharField(source="staff.position", read_only=True)

    class Meta:
        model = OrderSubject
        fields = ["staff", "staff_name", "staff_position", "role"]


class OrderSerializer(serializers.ModelSerializer):
    signer_name = serializers.CharField(source="signer.full_name", read_only=True, default=None, allow_null=True)
    subjects = OrderSubjectSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = ["id", "number", "date", "year", "kind", "title", "text", "status", "signer", "signer_name",
                  "signed_at", "created_at", "subjects"]
        read_only_fields = fields


class OrderListSerializer(serializers.ModelSerializer):
    signer_name = serializers.CharField(source="signer.full_name", read_only=True, default=None, allow_null=True)
    subject_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Order
        fields = ["id", "number", "date", "year", "kind", "title", "status", "signer", "signer_name", "signed_at",
                  "subject_count"]
        read_only_fields = fields


class SubjectWriteSerializer(serializers.Serializer):
    staff = serializers.PrimaryKeyRelatedField(queryset=StaffMember.objects.all())
    role = serializers.ChoiceField(choices=SchoolRole.choices, allow_blank=True, required=False, default="")


class OrderWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OrderKind.choices)
    number = serializers.CharField(max_length=30)
    date = serializers.DateField()
    title = serializers.CharField(max_length=300)
    text = serializers.CharField(required=False, allow_blank=True)
    signer = serializers.PrimaryKeyRelatedField(queryset=StaffMember.objects.all(), required=False, allow_null=True)
    subjects = SubjectWriteSerializer(many=True, required=False)


class RegisterFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)
    kind = serializers.ChoiceField(choices=OrderKind.choices, required=False)
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    q = serializers.CharField(required=False, allow_blank=True)


class SignSerializer(serializers.Serializer):
    signer = serializers.PrimaryKeyRelatedField(queryset=StaffMember.objects.all(), required=False, allow_null=True,
                                                help_text="The director's staff record; by default the signer named "
                                                          "in the draft, or the signing person's own record.")


# --- the view set ------------------------------------------------------------------------


@extend_schema(tags=["orders"])
@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("year", int, description="Calendar year of the order"),
        OpenApiParameter("kind", str, enum=OrderKind.values),
        OpenApiParameter("status", str, enum=OrderStatus.values),
        OpenApiParameter("q", str, description="Search in the number and the title"),
    ]),
    create=extend_schema(request=OrderWriteSerializer, responses={201: OrderSerializer}),
    partial_update=extend_schema(request=OrderWriteSerializer, responses=OrderSerializer),
)
class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SchoolViewSet):
    """Приказы: the register with filters, drafts, signing (roles take effect), the printed PDF."""

    required_capability = Capability.ORDERS_VIEW
    action_capabilities = {
        "create": Capability.ORDERS_DRAFT,
        "partial_update": Capability.ORDERS_DRAFT,
        "cancel": Capability.ORDERS_DRAFT,
        "sign": Capability.ORDERS_SIGN,
    }
    filter_backends: list[type] = []
    serializer_class = OrderSerializer
    lookup_value_regex = "[^/]+"

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return OrderListSerializer if self.action == "list" else OrderSerializer

    def select_list(self):  # type: ignore[no-untyped-def]
        params = RegisterFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.order_register(
            membership=request_membership(self.request), year=data.get("year"), kind=data.get("kind", ""),
            status=data.get("status", ""), query=data.get("q", ""),
        )

    def select_one(self) -> Order:
        return selectors.order_get_for(membership=request_membership(self.request), id=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        incoming = OrderWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        order = run_service(lambda: services.order_create(
            school=request_school(request), acting_user=acting_person(request), kind=data["kind"],
            number=data["number"], date=data["date"], title=data["title"], text=data.get("text", ""),
            signer=data.get("signer"),
            subjects=[(row["staff"], row.get("role", "")) for row in data.get("subjects", [])],
        ))
        order = selectors.order_get_for(membership=request_membership(request), id=order.pk)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        order = self.get_object()
        incoming = OrderWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        changes: dict[str, Any] = {key: data[key] for key in ("kind", "number", "date", "title", "text") if key in data}
        if "signer" in data:
            changes["signer"] = data["signer"]
        if "subjects" in data:
            changes["subjects"] = [(row["staff"], row.get("role", "")) for row in data["subjects"]]
        run_service(lambda: services.order_update(
            school=request_school(request), acting_user=acting_person(request), order=order, **changes))
        return Response(OrderSerializer(self.get_object()).data)

    @extend_schema(request=SignSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        """The director signs the draft: the roles it gives take effect (§3.2–3.4)."""
        order = self.get_object()
        incoming = SignSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        run_service(lambda: services.order_sign(
            school=request_school(request), acting_user=acting_person(request), order=order,
            signer=incoming.validated_data.get("signer")))
        return Response(OrderSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """Cancel a draft: it stays in the register and gives nothing."""
        order = self.get_object()
        run_service(lambda: services.order_cancel(
            school=request_school(request), acting_user=acting_person(request), order=order))
        return Response(OrderSerializer(self.get_object()).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY,
                                                                          description="The printed order")})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str) -> HttpResponse:
        """The order printed on the school's letterhead."""
        order = self.get_object()
        response = HttpResponse(order_pdf(school=request_school(request), order=order), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="order-{order.year}-{order.pk}.pdf"'
        return response


router = SimpleRouter()
router.register("orders", OrderViewSet, basename="order")
urlpatterns = router.urls
