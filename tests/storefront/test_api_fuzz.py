"""The storefront's JSON API fuzzed from its own OpenAPI schema with Schemathesis: whatever a
client sends, the shop never answers 5xx (and never logs a traceback: the session checks it)."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.slow  # every test here talks to a real storefront server

EXAMPLES = 12  # per operation: every route, bounded for 2 cores


def test_no_request_makes_the_shop_fail(clean):
    schema = schemathesis.openapi.from_url(f"{clean.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10, "the schema lists too few operations: the test would prove little"
    failures, calls = [], []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def never_5xx(case):
            response = case.call(headers={"X-Forwarded-For": "80.128.0.1"}, timeout=10)
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:200]}")

        never_5xx()
    assert len(calls) >= 3 * len(operations), f"only {len(calls)} requests sent"
    assert not failures, "\n".join(failures[:10])
