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


def test_a_bulk_job_makes_young_collections_only_and_restores_the_thresholds():
    before = gc.get_threshold()
    full, young = gc.get_stats()[2]["collections"], gc.get_stats()[0]["collections"]
    gc.set_threshold(50, 1, 1)  # a full collection as often as Python allows
    try:
        with collector.young_only():
            assert gc.get_threshold() == (50, 1, collector.FULL_NEVER)
            kept = [[n] for n in range(200_000)]  # survivors of the young collections, as a batch's rows
            assert gc.get_stats()[2]["collections"] == full
            assert gc.get_stats()[0]["collections"] > young
        assert gc.get_threshold() == (50, 1, 1)
        try:
            with collector.young_only():
                raise ValueError
        except ValueError:
            pass
        assert gc.get_threshold() == (50, 1, 1) and kept
    finally:
        gc.set_threshold(*before)


def test_a_ledger_import_runs_with_young_collections_only(world, monkeypatch):
    from jijuqu.imports.engine import analyse
    from jijuqu.projects import importers

    during = []
    real = importers.young_only

    def watched():
        during.append(True)
        return real()

    monkeypatch.setattr(importers, "young_only", watched)
    sheet = [["项目名称", "建设单位", "总投资"], ["收集项目", "收集公司", 100]]
    result = importers.import_ledger(
        analyse([("重点项目", sheet)], importers.SPEC),
        importers.Context(2024, 10, default_zone=world.zone_a),
    )
    assert result.created == 1 and during == [True]


def test_the_monthly_report_files_are_made_with_young_collections_only(monkeypatch):
    from jijuqu.reports import files

    thresholds = []
    monkeypatch.setitem(
        files.FORMATS, "xlsx", (lambda report: thresholds.append(gc.get_threshold()) or b"", "x")
    )
    files.file_of(type("Report", (), {"file_stem": "通报"})(), "xlsx")
    monkeypatch.setattr(files, "build", lambda *args, **kwargs: thresholds.append(gc.get_threshold()))
    form = type("Form", (), {"cleaned_data": dict.fromkeys(["area", "period", "levels"]), "issuance": dict})
    files.report_of(form(), None)  # the build too
    assert [t[2] for t in thresholds] == [collector.FULL_NEVER] * 2
    assert gc.get_threshold()[2] != collector.FULL_NEVER
