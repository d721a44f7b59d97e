"""Schemathesis against the API: every operation of the OpenAPI schema, valid and invalid requests
generated from it, sent through the WSGI app as a province analyst and as a zone user. No request may
end in a server error (5xx). Bounded: a few examples per operation and mode, so the module stays
well under two minutes; it prints how many cases it sent and how many failed.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from jijuqu.conftest import show

pytestmark = pytest.mark.django_db

# Per operation and generation mode; JIJUQU_FUZZ_EXAMPLES=200 for a deeper run by hand.
EXAMPLES = int(os.getenv("JIJUQU_FUZZ_EXAMPLES", "8"))
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@contextmanager
def connections_kept_open():
    """As Django's test client does: a request's end must not close the connection that holds the
    test's transaction (it does through the real WSGI handler; PostgreSQL then loses the test data)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(headers: dict) -> tuple[Counter, list[str]]:
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, headers=headers)
    counts: Counter = Counter()
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in MODES:

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,  # the same cases every run: a red CI is reproducible
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def send(case):
                response = case.call(headers=headers)
                counts["cases"] += 1
                counts[f"{response.status_code // 100}xx"] += 1
                if response.status_code >= 500:
                    sent = {
                        "query": case.query,
                        "body": case.body if isinstance(case.body, (dict, list, str)) else None,
                    }
                    failures.append(
                        f"{case.method} {case.formatted_path} {response.status_code} {sent!r:.300}"
                    )

            send()
    return counts, failures


@pytest.mark.parametrize("username", ["province", "zone_a"])
def test_generated_requests_never_end_in_a_server_error(world, username, request):
    from jijuqu.core.tokens import create_token

    started = time.monotonic()
    headers = {"Authorization": f"Bearer {create_token(world.user(username), 'schemathesis')}"}
    with connections_kept_open():
        counts, failures = fuzz(headers)
    line = (
        f"schemathesis as {username}: {counts['cases']} cases in {time.monotonic() - started:.0f} s "
        f"(2xx {counts['2xx']}, 4xx {counts['4xx']}), {len(failures)} server errors"
    )
    show(request.config, line)
    assert counts["cases"] > 100
    assert not failures, "\n".join(failures[:20])
