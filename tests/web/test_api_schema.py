"""Property-based calls generated from the OpenAPI schema: no request makes the server fail (5xx)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from coalition_watch.outputs.web import create_app


@pytest.fixture(scope="module")
def schema(served_store):
    """The app's OpenAPI schema over the same store the browser tests serve."""
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(served_store, use=("network",)))


def test_no_server_errors(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    failures = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}")
        check()
    assert not failures, failures[:5]
