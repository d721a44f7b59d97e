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


def test_a_paused_function_runs_without_the_collector_and_gives_it_back_even_when_it_raises():
    seen = []

    @collector.paused
    def make(fail=False):
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("boom")
        return "file"

    assert gc.isenabled()
    assert make() == "file" and seen == [False] and gc.isenabled()
    try:
        make(fail=True)
    except ValueError:
        pass
    assert seen == [False, False] and gc.isenabled()
    gc.disable()  # paused by a caller: left paused
    try:
        make()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_monthly_report_files_are_made_with_the_collector_paused(monkeypatch):
    from jijuqu.reports import files

    seen = []
    monkeypatch.setitem(files.FORMATS, "xlsx", (lambda report: seen.append(gc.isenabled()) or b"", "x"))
    files.file_of(type("Report", (), {"file_stem": "通报"})(), "xlsx")
    assert seen == [False] and gc.isenabled()
    monkeypatch.setattr(files, "build", lambda *args, **kwargs: seen.append(gc.isenabled()))
    form = type("Form", (), {"cleaned_data": dict.fromkeys(["area", "period", "levels"]), "issuance": dict})
    files.report_of(form(), None)  # the build too
    assert seen == [False, False] and gc.isenabled()
