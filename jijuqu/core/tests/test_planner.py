"""The planner's statistics: refreshed in full when a migration is applied, cheaply by the clock."""

import pytest
from django.core.management import call_command
from django.db import connection

from jijuqu.core import planner
from jijuqu.projects.testing import make_project

pytestmark = pytest.mark.django_db


def indexes_with_statistics(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = %s", [table])
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="sqlite_stat1 is SQLite's")
def test_a_full_refresh_gives_every_index_of_the_ledger_statistics(world):
    for i in range(3):
        make_project(world.zone_a, f"项目{i}", code=f"S{i}")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = 'project_ledger_order'")  # as after an upgrade
    planner.refresh(full=True)
    assert "project_ledger_order" in indexes_with_statistics("projects_project")


def test_applying_a_migration_refreshes_in_full_and_none_applied_does_not(monkeypatch):
    calls = []
    monkeypatch.setattr(planner, "refresh", lambda using="default", full=False: calls.append((using, full)))
    planner.after_migrate(None, using="default", plan=[("migration", False)])
    planner.after_migrate(None, using="default", plan=[])
    assert calls == [("default", True)]


def test_the_clock_refreshes_statistics_and_the_command_runs():
    from jijuqu.projects.management.commands.clock import JOBS

    assert "refresh_statistics" in JOBS
    call_command("refresh_statistics")
    call_command("refresh_statistics", "--full")
