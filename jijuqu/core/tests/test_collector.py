"""A server process freezes what it has loaded once its first request is done (core.collector)."""

from __future__ import annotations

import gc

from django.core.signals import request_finished

from jijuqu.core import collector


def test_what_lives_after_the_first_request_is_frozen_once(client, db):
    collector.connect()
    kept = [[n] for n in range(5000)]  # alive when the request ends: frozen with the rest
    before = gc.get_freeze_count()
    try:
        assert client.get("/login/").status_code == 200
        assert gc.get_freeze_count() >= before + len(kept)
        # Only the first request: the handler has let go of the signal.
        assert not request_finished.disconnect(dispatch_uid=collector.DISPATCH_UID)
        frozen = gc.get_freeze_count()
        client.get("/login/")
        assert gc.get_freeze_count() <= frozen  # no second freeze (frozen objects may still be freed)
    finally:
        gc.unfreeze()
