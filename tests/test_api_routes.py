"""Every API route goes through the one sealed base (api/base.py), walked from the URLs of both spaces."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from api.base import DistrictAPIMixin, DistrictAPIView, SchoolAPIMixin, SchoolAPIView, SchoolViewSet
from api.schema_view import SchemaView
from api.views import TokenView

# Outside the base: exchanging a login and password for a token (before there is a person), and the
# schema and its two pages, which describe the endpoints and serve no data.
OUTSIDE = (TokenView, SchemaView, SpectacularSwaggerView, SpectacularRedocView)


def _api_views(urlconf: str) -> list[tuple[str, type]]:
    found: list[tuple[str, type]] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif route.startswith("api/"):
                view = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
                found.append((route, view))

    walk(get_resolver(urlconf).url_patterns, "")
    return found


@pytest.mark.parametrize(("urlconf", "base"), [("config.urls_school", SchoolAPIMixin),
                                               ("config.urls_district", DistrictAPIMixin)])
def test_every_api_route_inherits_the_base_of_its_space(urlconf, base):
    routes = _api_views(urlconf)
    assert len(routes) > 20
    outside = {route: view for route, view in routes if view in OUTSIDE}
    assert sorted(view.__name__ for view in outside.values()) == sorted(view.__name__ for view in OUTSIDE)
    strays = {route: getattr(view, "__name__", view) for route, view in routes
              if view not in OUTSIDE and not (isinstance(view, type) and issubclass(view, base))}
    assert strays == {}


@pytest.mark.parametrize("name", ["get_permissions", "initial", "check_permissions", "get_queryset", "get_object",
                                  "dispatch"])
@pytest.mark.parametrize("base", [SchoolAPIView, SchoolViewSet, DistrictAPIView])
def test_a_view_cannot_override_what_the_base_seals(name, base):
    with pytest.raises(TypeError, match=f"may not override {name}"):
        type("Sneaky", (base,), {name: lambda self, *args, **kwargs: None, "__module__": "somewhere"})


def test_a_view_declares_its_reads_instead():
    class Declared(SchoolAPIView):
        def select_list(self):  # type: ignore[no-untyped-def]
            return ["mine"]

        def select_one(self):  # type: ignore[no-untyped-def]
            return "one of mine"

    view = Declared()
    assert view.get_queryset() == ["mine"] and view.get_object() == "one of mine"


def test_the_rights_of_a_request_come_from_the_declarations():
    from types import SimpleNamespace

    from people.capabilities import Capability

    class Declared(SchoolViewSet):
        required_capability = Capability.BANKS_VIEW
        action_capabilities = {"sign": Capability.ORDERS_SIGN}
        write_capability = Capability.BANKS_MANAGE
        member_actions = frozenset({"respond"})

    def needed(action: str, method: str) -> tuple[Capability, ...]:
        view = Declared()
        view.action = action
        return view.capabilities_for(SimpleNamespace(method=method))  # type: ignore[arg-type]

    assert needed("list", "GET") == (Capability.BANKS_VIEW,)
    assert needed("create", "POST") == (Capability.BANKS_VIEW, Capability.BANKS_MANAGE)
    assert needed("sign", "POST") == (Capability.BANKS_VIEW, Capability.ORDERS_SIGN, Capability.BANKS_MANAGE)
    assert needed("respond", "POST") == ()
