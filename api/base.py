"""The one base for every API view: it resolves the space, the person and their rights.

Every endpoint inherits `SchoolAPIView` / `SchoolViewSet` (a school's host) or `DistrictAPIView` /
`DistrictViewSet` (the district's host); tests/test_api_routes.py walks every API route to prove it
(the token exchange and the schema documentation are the only views outside). Sealed the way
PostHog seals its mixin: a subclass cannot define `get_permissions`, `initial`, `check_permissions`,
`get_queryset`, `get_object` or `dispatch` — defining any raises at import time. A view declares
instead:

* its reads: `select_list()` (the list selector, already filtered for the acting person) and
  `select_one()` (the get selector: the object or the same 404 as a missing one); without
  `select_one` an object is looked up in `select_list()` by the URL's id;
* its rights, one mechanism: `required_capability` (every request), `action_capabilities` (what an
  action needs in addition; an APIView's actions are its lower-case methods), `write_capability`
  (what every writing request needs in addition), `member_actions` (actions any member may call:
  the service decides, e.g. an invitation to answer a survey).

An authenticated person without the membership or right gets 404 — the same as for an object
that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, permissions, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.viewsets import GenericViewSet

from people import selectors as people_selectors
from people.access import is_guest_only
from people.capabilities import Capability, can
from people.roles import DistrictRole
from tenants.spaces import is_district

_SEALED = ("get_permissions", "initial", "check_permissions", "get_queryset", "get_object", "dispatch")


class _SchoolMember(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        tenant = getattr(request, "tenant", None)
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        if tenant is None or is_district(tenant):
            raise exceptions.NotFound
        # A session request was resolved by the space middleware already; a token request was not.
        membership = getattr(request._request, "membership", None)
        if membership is None or membership.person_id != request.user.pk:
            membership = people_selectors.membership_in(person=request.user, school=tenant)
        if membership is None:
            raise exceptions.NotFound
        if is_guest_only(membership):
            # A guest mentor from another school reaches only their programme's pages (people.access).
            raise exceptions.NotFound
        if not all(can(membership, capability) for capability in view.capabilities_for(request)):
            raise exceptions.NotFound
        request.membership = membership  # type: ignore[attr-defined]
        return True


class _DistrictMember(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        if not is_district(getattr(request, "tenant", None)) or not people_selectors.has_district_access(request.user):
            raise exceptions.NotFound
        roles = view.required_district_roles_for(request)
        user = request.user
        if roles and not user.is_superuser and not any(role in user.district_roles for role in roles):
            raise exceptions.NotFound
        return True


class _SealedBase:
    base_permission: ClassVar[type[permissions.BasePermission]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__module__ != __name__:
            for name in _SEALED:
                if name in cls.__dict__:
                    raise TypeError(f"{cls.__name__} may not override {name}: the space check lives there")

    def get_permissions(self) -> list[permissions.BasePermission]:
        return [self.base_permission(), *super().get_permissions()]  # type: ignore[misc]

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)  # type: ignore[misc]

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_queryset(self) -> Any:
        return self.select_list()

    def get_object(self) -> Any:
        if type(self).select_one is _SealedBase.select_one:
            return super().get_object()  # type: ignore[misc]  # by id within select_list()
        return self.select_one()

    def select_list(self) -> Any:
        """The list selector: what this person may see (default: the view's `queryset`)."""
        return super().get_queryset()  # type: ignore[misc]

    def select_one(self) -> Any:
        """The get selector: the object of the URL, or the same 404 as a missing one."""
        raise NotImplementedError


class SchoolAPIMixin(_SealedBase):
    """Inside one school: `request.membership` is set for the view."""

    base_permission = _SchoolMember
    # people.middleware leaves a guest mentor's request to this base, which answers the API's own 404.
    answers_guests_itself: ClassVar[bool] = True
    # A capability every request must hold (people.capabilities); None = any member,
    # with object-level rights left to the view's selectors.
    required_capability: ClassVar[Capability | None] = None
    # What an action needs in addition (a viewset's action, or an APIView's lower-case method).
    action_capabilities: ClassVar[Mapping[str, Capability]] = {}
    # What every writing request (not GET, HEAD, OPTIONS) needs in addition.
    write_capability: ClassVar[Capability | None] = None
    # Actions any member may call, whatever the capabilities above: the service decides.
    member_actions: ClassVar[frozenset[str]] = frozenset()

    def capabilities_for(self, request: Request) -> tuple[Capability, ...]:
        """Every capability this request needs (all of them), by the declarations above."""
        action = getattr(self, "action", None) or (request.method or "").lower()
        if action in self.member_actions:
            return ()
        needed = [self.required_capability, self.action_capabilities.get(action)]
        if request.method not in permissions.SAFE_METHODS:
            needed.append(self.write_capability)
        return tuple(capability for capability in needed if capability is not None)


class DistrictAPIMixin(_SealedBase):
    """Inside the district space. `required_district_roles` guards every method,
    `write_district_roles` additionally guards unsafe methods."""

    base_permission = _DistrictMember
    required_district_roles: ClassVar[tuple[DistrictRole, ...]] = ()
    write_district_roles: ClassVar[tuple[DistrictRole, ...]] = (DistrictRole.ADMIN,)

    def required_district_roles_for(self, request: Request) -> tuple[DistrictRole, ...]:
        if request.method in permissions.SAFE_METHODS:
            return self.required_district_roles
        return self.write_district_roles


class SchoolAPIView(SchoolAPIMixin, GenericAPIView):  # type: ignore[misc]
    pass


class SchoolViewSet(SchoolAPIMixin, GenericViewSet):  # type: ignore[misc]
    pass


class DistrictAPIView(DistrictAPIMixin, GenericAPIView):  # type: ignore[misc]
    pass


class DistrictViewSet(DistrictAPIMixin, GenericViewSet):  # type: ignore[misc]
    pass


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as the API's field-level validation error."""
    def details(errors: list[DjangoValidationError]) -> list[ErrorDetail]:
        return [
            ErrorDetail(str(e.message % e.params) if e.params else str(e.message), code=e.code or "invalid")
            for e in errors
        ]

    if hasattr(error, "error_dict"):
        return serializers.ValidationError(
            {("non_field_errors" if field == "__all__" else field): details(errors)
             for field, errors in error.error_dict.items()}
        )
    return serializers.ValidationError({"non_field_errors": details(error.error_list)})


def run_service(call: Callable[[], Any]) -> Any:
    """Call a service or selector for an endpoint: «not there» and «not yours» (Http404, PermissionDenied)
    both answer the same 404; a ValidationError answers 400 in the API's error format, by field."""
    try:
        return call()
    except (Http404, PermissionDenied):
        raise exceptions.NotFound from None
    except DjangoValidationError as error:
        raise as_api_error(error) from error
