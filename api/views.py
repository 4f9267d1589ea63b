"""API endpoints of the foundation: who am I, tokens. (The district's schools: api.district_schools.)"""

from __future__ import annotations

import django_otp
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.authentication import TokenAddressThrottle, TokenPersonThrottle, token_expired
from api.base import DistrictAPIView, SchoolAPIView
from people import second_factor
from people import selectors as people_selectors
from people.requests import acting_person, request_membership, request_school


class TokenView(APIView):
    """Exchange a login and password for an API token, in this space only."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [TokenPersonThrottle, TokenAddressThrottle]

    @extend_schema(request=s.TokenRequestSerializer, responses=s.TokenSerializer, tags=["auth"])
    def post(self, request: Request) -> Response:
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = authenticate(
            request._request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if person is None:
            raise exceptions.AuthenticationFailed(_("Wrong login or password, or no access to this space."))
        if person.must_set_password:
            raise exceptions.AuthenticationFailed(_("Choose a password first: sign in on the site."))
        owed = second_factor.second_factor_state(person)
        if owed == second_factor.ENROL:
            raise exceptions.AuthenticationFailed(_("Set up the second factor first: sign in on the site."))
        code = data.validated_data.get("otp", "").strip()
        if owed == second_factor.VERIFY and (not code or django_otp.match_token(person, code) is None):
            raise exceptions.AuthenticationFailed(_("Enter the code of your second factor (the field otp)."))
        token, _created = Token.objects.get_or_create(user=person)
        if token_expired(token.created):
            token.delete()
            token = Token.objects.create(user=person)
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
