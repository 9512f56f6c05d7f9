"""The API fuzzed from its own OpenAPI document (schemathesis, over real HTTP): no 500s, every
response as documented, and no route answering without a valid token of the right scope."""
from __future__ import annotations

import re

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.conftest import bearer


def test_fuzzed_requests_get_documented_answers_and_never_500(server, secrets, published):
    # schemathesis's own pytest plugin fails on this pytest ("no attribute _nodeid"), so each
    # operation's strategy is driven by hypothesis directly; the checks are schemathesis's.
    schema = schemathesis.openapi.from_url(f"{server}/api/v1/openapi.json", headers=bearer(secrets["write"]))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            case.call_and_validate(headers=bearer(secrets["write"]))
        fuzz()


def test_the_document_is_generated_and_every_operation_needs_a_token(server, secrets):
    document = requests.get(f"{server}/api/v1/openapi.json", headers=bearer(secrets["read"]), timeout=10).json()
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    operations = [(method.upper(), path) for path, ops in document["paths"].items() for method in ops
                  if method in ("get", "post", "put", "patch", "delete")]
    assert {("GET", "/api/v1/articles"), ("POST", "/api/v1/articles"), ("GET", "/api/v1/letters"),
            ("POST", "/api/v1/letters/{letter_id}/published")} <= set(operations)
    for method, path in operations:
        url = server + re.sub(r"\{[^}]+\}", "1", path)
        for headers in ({}, bearer("rli_" + "x" * 43), bearer(secrets["revoked"])):
            assert requests.request(method, url, headers=headers, json={}, timeout=10).status_code == 401, (method, path)
        refused = requests.request(method, url, headers=bearer(secrets["read"]), json={}, timeout=10)
        assert refused.status_code == (403 if method == "POST" else 200), (method, path)
