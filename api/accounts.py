"""Logins of the school's staff from a script: the same services as the staff card and «Логины для
сотрудников» (staff.accounts). The one-time codes are in the answer and nowhere else — print them.

- `POST /api/staff/<id>/account/` `{"username"?}` → 201 `{"login", "one_time_code", "person"}`; with
  `{"confirm_person": <uuid>}` the existing account of the district that is this person gets a membership
  (200, no code). A person the district already has is refused without the confirmation (400, `attr`
  `non_field_errors`, code `same_person`).
- `POST /api/staff/accounts/` → 200 `{"created": [{"staff", "login", "one_time_code"}], "to_confirm": [<id>]}`.

Capability «Create logins, print invitation slips, issue one-time codes»; another school's staff member
and a role without the right answer 404.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import SchoolAPIView, run_service
from people.capabilities import Capability
from people.models import Person
from staff import accounts, selectors


class AccountRequestSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,149}$", required=False)
    confirm_person = serializers.UUIDField(required=False)


class InvitationSerializer(serializers.Serializer):
    staff = serializers.UUIDField()
    login = serializers.CharField()
    one_time_code = serializers.CharField(allow_null=True)
    person = serializers.UUIDField()


class BulkSerializer(serializers.Serializer):
    created = InvitationSerializer(many=True)
    to_confirm = serializers.ListField(child=serializers.UUIDField())


def _context(request: Request) -> tuple[Any, Person, Any]:
    raw = cast(Any, request)
    return raw.tenant, raw.user, raw.membership


class StaffAccountView(SchoolAPIView):
    """Create the staff member's login with a one-time code, or confirm the district's existing account."""

    required_capability = Capability.ACCOUNTS_MANAGE
    serializer_class = AccountRequestSerializer

    @extend_schema(request=AccountRequestSerializer, responses={201: InvitationSerializer, 200: InvitationSerializer},
                   tags=["staff"])
    def post(self, request: Request, pk: str) -> Response:
        school, person, membership = _context(request)
        member = run_service(lambda: selectors.staff_get_for(membership=membership, id=pk))
        incoming = AccountRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        confirm = incoming.validated_data.get("confirm_person")
        if confirm is not None:
            existing = run_service(lambda: Person.objects.filter(pk=confirm).first())
            run_service(lambda: accounts.staff_account_link(school=school, acting_user=person, member=member,
                                                            person=existing))
            return Response({"staff": member.pk, "login": existing.username, "one_time_code": None,
                             "person": existing.pk})
        username = incoming.validated_data.get("username") or accounts.staff_login_suggest(member)
        invitation = run_service(lambda: accounts.staff_account_create(
            school=school, acting_user=person, member=member, username=username,
            address=request.build_absolute_uri("/")))
        return Response({"staff": member.pk, "login": invitation.person.username, "one_time_code": invitation.code,
                         "person": invitation.person.pk}, status=status.HTTP_201_CREATED)


class StaffAccountsBulkView(SchoolAPIView):
    """Logins for every active staff member without one, in one step."""

    required_capability = Capability.ACCOUNTS_MANAGE
    serializer_class = BulkSerializer

    @extend_schema(request=None, responses=BulkSerializer, tags=["staff"])
    def post(self, request: Request) -> Response:
        school, person, _membership = _context(request)
        result = run_service(lambda: accounts.staff_accounts_create_all(
            school=school, acting_user=person, address=request.build_absolute_uri("/")))
        return Response({
            "created": [{"staff": member.pk, "login": invitation.person.username,
                         "one_time_code": invitation.code, "person": invitation.person.pk}
                        for member, invitation in result.invitations],
            "to_confirm": [member.pk for member in result.to_confirm],
        })
