"""Schemathesis over the whole OpenAPI document (/api/v1/openapi.json), in-process against the WSGI app on the test
database: anonymous, with a citizen's OIDC access token, and with a department system's API key. Every response must
be a documented status code with a body matching its schema, and none may be a server error.

Two phases per operation, as `schemathesis run` does: the coverage phase (boundary values of every parameter: the
largest integers, empty and over-long strings, missing and wrong-typed fields; valid and invalid), then Hypothesis
fuzzing (derandomized, EXAMPLES_PER_OPERATION valid and as many invalid). Schemathesis' pytest plugin does not run
under pytest 9 here, so the operations are driven from one test per kind of caller."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Verbosity, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import NO_FEEDBACK
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from govhall.accounts.tests.factories import person
from govhall.cases.tests.api_factories import app_headers, system_headers
from govhall.cases.tests.factories import submitted_case

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 12  # per generation mode (valid and invalid data): about 500 requests per auth kind
CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance]
CHECKS.append(response_schema_conformance)


@pytest.fixture
def schema() -> Iterator[Any]:
    """The schema, loaded from the app itself. The requests go through the WSGI handler (not Django's test client), so
    the request signals would close the test's database connection (and its transaction) on PostgreSQL; they are
    held off while the test runs, as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _auth_headers(kind: str) -> dict[str, str]:
    case = submitted_case(applicant=person("alice"))
    if kind == "citizen":
        return app_headers(case.applicant, scope="openid profile cases appointments")
    if kind == "system":
        return system_headers(case.department, "catalog:read", "cases:receive", "cases:decide")
    return {}


def run_fuzz(schema: Any, headers: dict[str, str]) -> tuple[int, list[str]]:
    """Runs every operation; returns how many requests were made and the failures (operation, status, problem)."""
    counted = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        coverage = CoverageGenerator(
            operation=operation,
            generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
            generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
            auth_storage=None,
            override=Override(),
            feedback=NO_FEEDBACK,
        )
        for case in coverage:
            counted += 1
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            except BaseException as error:
                failures.append(f"{operation.label} [coverage]: {error}"[:1500])
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                verbosity=Verbosity.quiet,
            )
            def exercise(case: Any) -> None:
                nonlocal counted
                case.headers = {**(case.headers or {}), **headers}
                counted += 1
                case.call_and_validate(checks=CHECKS)

            try:
                exercise()
            except Unsatisfiable:  # an operation without parameters has no invalid data to generate
                continue
            except BaseException as error:
                failures.append(f"{operation.label} [{mode.value}]: {error}"[:1500])
    return counted, failures


@pytest.mark.parametrize("kind", ["anonymous", "citizen", "system"])
def test_the_api_gives_no_server_error_and_answers_as_documented(schema, kind):
    counted, failures = run_fuzz(schema, _auth_headers(kind))
    assert counted > 100
    print(f"schemathesis {kind}: {counted} requests, {len(failures)} failures")
    assert failures == [], f"{len(failures)} of {counted} requests broke the contract:\n" + "\n".join(failures[:20])
