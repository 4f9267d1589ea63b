"""API endpoints of the foundation: who am I, tokens, the district's schools."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from api import serializers as s
from api.base import DistrictAPIView, DistrictViewSet, SchoolAPIView, as_api_error
from people import selectors as people_selectors
from people.requests import acting_person, request_membership, request_school
from tenants import selectors as tenant_selectors
from tenants.services import FirstAdministrator, school_register


class TokenView(APIView):
    """Exchange a login and password for an API token, in this space only."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=s.TokenRequestSerializer, responses=s.TokenSerializer, tags=["auth"])
    def post(self, request: Request) -> Response:
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = authenticate(
            request._request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if person is None:
            raise exceptions.AuthenticationFailed(_("Wrong login or password, or no access to this space."))
        token, _created = Token.objects.get_or_create(user=person)
        return Response({"token": token.key})


class SchoolMeView(SchoolAPIView):
    """The signed-in person in this school: their account and roles here."""

    serializer_class = s.SchoolMeSerializer

    @extend_schema(tags=["school"])
    def get(self, request: Request) -> Response:
        data = {"person": request.user, "school": request_school(request),
                "roles": request_membership(request).roles}
        return Response(s.SchoolMeSerializer(data).data)


class DistrictMeView(DistrictAPIView):
    """The signed-in person in the district space."""

    serializer_class = s.DistrictMeSerializer

    @extend_schema(tags=["district"])
    def get(self, request: Request) -> Response:
        person = acting_person(request)
        data = {
            "person": person,
            "district_roles": person.district_roles,
            "memberships": people_selectors.schools_of(person),
        }
        return Response(s.DistrictMeSerializer(data).data)


@extend_schema(tags=["district"])
class DistrictSchoolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DistrictViewSet):
    """The district's schools. Registering one needs the district administrator role."""

    serializer_class = s.SchoolSerializer
    lookup_field = "slug"
    filterset_fields = ["kind", "status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return tenant_selectors.district_schools()

    def get_object(self):  # type: ignore[no-untyped-def]
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    @extend_schema(request=s.SchoolRegistrationSerializer, responses={201: s.RegisteredSchoolSerializer})
    def create(self, request: Request) -> Response:
        incoming = s.SchoolRegistrationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            registered = school_register(
                acting_user=acting_person(request),
                slug=data["slug"], full_name=data["full_name"], short_name=data["short_name"],
                kind=data["kind"], locality=data["locality"],
                second_language_code=data["second_language_code"],
                full_name_second_language=data["full_name_second_language"],
                short_name_second_language=data["short_name_second_language"],
                administrator=FirstAdministrator(
                    username=data["admin_username"], last_name=data["admin_last_name"],
                    first_name=data["admin_first_name"], patronymic=data["admin_patronymic"],
                    email=data["admin_email"], password=data["admin_password"],
                ),
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        body = s.RegisteredSchoolSerializer(
            {"school": registered.school, "administrator": registered.administrator,
             "generated_password": registered.generated_password}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)
