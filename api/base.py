"""The one base for every API view: it resolves the space, the person and their roles.

Every endpoint inherits `SchoolAPIView` (a school's host) or `DistrictAPIView`
(the district's host). The base permissions are always applied before the
subclass's own, and a subclass cannot replace `get_permissions` or `initial`:
defining either raises at import time. An authenticated person without the
membership or role gets 404 — the same as for an object that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
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
from people.roles import DistrictRole, SchoolRole
from tenants.spaces import is_district

_SEALED = ("get_permissions", "initial")


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
        roles = view.required_roles
        if roles and not membership.has_role(*roles):
            raise exceptions.NotFound
        capability = view.required_capability
        if capability is not None and not can(membership, capability):
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


class SchoolAPIMixin(_SealedBase):
    """Inside one school: `request.membership` is set for the view."""

    base_permission = _SchoolMember
    required_roles: ClassVar[tuple[SchoolRole, ...]] = ()
    # A capability every request must hold (people.capabilities); None = any member,
    # with object-level rights left to the view's selectors.
    required_capability: ClassVar[Capability | None] = None


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
