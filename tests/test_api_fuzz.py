"""The API answers what its schema promises: schemathesis fuzzes every operation of each space's schema.

The schema is loaded from the application in-process (WSGI, no network), as it is served at
`/api/schema/`, and every generated request goes through the whole stack (middleware, space, base view,
services, the real PostgreSQL) inside the test's transaction — so whatever the fuzzer writes is in the
test schools `alpha` and `beta` or the district's test rows, and is rolled back at the end. Each
request runs in a savepoint of its own, so one refused write cannot poison the next request.

Roles: the school director, the curator and a mentee of `alpha`, and the district administrator.
Checks: no server error, a documented status code, a documented content type, and a body that
validates against the documented schema for that status.

Bounded for CI: the examples and fuzzing phases, `API_FUZZ_EXAMPLES` (3) cases per operation and mode
(valid and invalid input), a fixed seed. By hand, `API_FUZZ=slow` adds schemathesis's coverage phase
(boundary and type-confusion cases for every parameter) and 50 cases per operation:

    API_FUZZ=slow API_FUZZ_EXAMPLES=5 ./dev test tests/test_api_fuzz.py  # ~26,000 requests, ~50 min
    API_FUZZ=slow API_FUZZ_SEED=random ./dev test tests/test_api_fuzz.py -k curator
    API_FUZZ_EXAMPLES=20 ./dev test tests/test_api_fuzz.py -k "director or mentee"

The number of requests made per role is printed at the end of the run.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import host_of

SLOW = os.environ.get("API_FUZZ") == "slow"
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "50" if SLOW else "3"))
SEED = os.environ.get("API_FUZZ_SEED", "11")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# (role, school or None for the district, who)
ROLES = {
    "director": ("alpha", "director_a"),
    "curator": ("alpha", "curator_a"),
    "mentee": ("alpha", "mentee_a"),
    "district_admin": (None, "district_admin"),
}
REQUESTS: Counter[str] = Counter()


@pytest.fixture
def in_process_app() -> Iterator[WSGIHandler]:
    """The WSGI application, run in this thread and this test's transaction: like Django's test client,
    it must not close the connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class _RequestsSummary:
    """Prints the number of requests made per role at the end of pytest's report."""

    def pytest_terminal_summary(self, terminalreporter) -> None:  # type: ignore[no-untyped-def]
        seed = "random" if SEED == "random" else f"seed {SEED}"
        for role, count in REQUESTS.items():
            terminalreporter.write_line(f"API fuzz as {role}: {count} requests ({seed}, {EXAMPLES} examples"
                                        f"{', coverage phase' if SLOW else ''})")


@pytest.fixture(params=list(ROLES))
def role(request: pytest.FixtureRequest) -> str:
    """The role the fuzzer acts as."""
    if not request.config.pluginmanager.has_plugin("api-fuzz-summary"):
        request.config.pluginmanager.register(_RequestsSummary(), "api-fuzz-summary")
    return str(request.param)


@pytest.fixture
def role_headers(world, role: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    slug, key = ROLES[role]
    token, _ = Token.objects.get_or_create(user=world.people[key])
    return {"Host": host_of(world.school_a if slug else None), "Authorization": f"Token {token.key}",
            "Accept-Language": "ru"}


@pytest.fixture
def api_schema(role_headers: dict[str, str], in_process_app: WSGIHandler):  # type: ignore[no-untyped-def]
    headers = role_headers
    config = SchemathesisConfig.from_dict({
        "seed": None if SEED == "random" else int(SEED),
        "generation": {"max-examples": EXAMPLES, "mode": "all", "deterministic": SEED != "random",
                       "database": "none"},
        "phases": {"coverage": {"enabled": SLOW}, "stateful": {"enabled": False}},
        "headers": headers,
    })
    schema = schemathesis.openapi.from_wsgi("/api/schema/", in_process_app, config=config,
                                            headers={"Host": headers["Host"]})
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_operation_answers_what_the_schema_promises(case, role, role_headers):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        REQUESTS[role] += 1
        response = case.call(headers=role_headers)
        case.validate_response(response, checks=CHECKS)
