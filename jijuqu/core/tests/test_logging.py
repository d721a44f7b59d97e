from __future__ import annotations

import io
import logging
import logging.config
import sys

import pytest
from django.conf import settings

from jijuqu.core.logs import SharedRotatingFileHandler, logging_config


@pytest.fixture
def log_file(tmp_path):
    """The project's logging configuration, writing to a file of this test."""
    path = tmp_path / "logs" / "jijuqu.log"
    logging.config.dictConfig(logging_config(path))
    yield path
    logging.config.dictConfig(settings.LOGGING)


@pytest.fixture
def stderr(log_file):
    """What the configured stderr handler writes."""
    (handler,) = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert handler.stream is sys.stderr
    handler.setStream(written := io.StringIO())
    return written


@pytest.mark.urls("jijuqu.core.tests.boom_urls")
def test_an_exception_in_a_view_is_logged_with_the_user_and_path(client, world, log_file, stderr):
    client.raise_request_exception = False
    client.force_login(world.user("zone_a"))
    response = client.get("/boom/?month=10")
    assert response.status_code == 500
    written = log_file.read_text(encoding="utf-8")
    assert "ERROR" in written and "user=zone_a GET /boom/" in written
    assert "RuntimeError: the ledger exploded" in written  # the traceback, not only the message
    assert "user=zone_a GET /boom/" in stderr.getvalue()


@pytest.mark.urls("jijuqu.core.tests.boom_urls")
def test_an_anonymous_failure_is_logged_as_nobody(client, db, log_file):
    client.raise_request_exception = False
    assert client.get("/boom/").status_code == 500
    assert "user=- GET /boom/" in log_file.read_text(encoding="utf-8")


def test_lines_outside_a_request_are_logged_with_dashes(log_file):
    logging.getLogger("jijuqu.clock").error("escalation failed")
    assert "jijuqu.clock user=- - -: escalation failed" in log_file.read_text(encoding="utf-8")


def test_the_log_file_is_in_the_data_directory_by_default():
    assert settings.LOG_FILE == str(settings.DATA_DIR / "logs" / "jijuqu.log")
    assert {"stderr", "file"} <= set(settings.LOGGING["handlers"])


def test_two_processes_share_the_rotating_file_without_losing_lines(tmp_path):
    """Two handlers on one file stand for two gunicorn workers: when one rotates the file, the other
    writes into the new file, not the renamed one, and every line is kept in the backups."""
    path = tmp_path / "jijuqu.log"
    first, second = (SharedRotatingFileHandler(path, maxBytes=200, backupCount=50) for _ in range(2))
    for handler in (first, second):
        handler.setFormatter(logging.Formatter("%(message)s"))
    for n in range(40):
        handler = first if n % 2 else second
        handler.emit(logging.LogRecord("t", logging.ERROR, __file__, 1, f"line {n:02d}", None, None))
    first.close()
    second.close()
    files = sorted(tmp_path.glob("jijuqu.log*"))
    lines = [line for f in files if not f.name.endswith(".lock") for line in f.read_text().splitlines()]
    assert sorted(lines) == [f"line {n:02d}" for n in range(40)]
    assert all(f.stat().st_size <= 200 + 20 for f in files)  # no file kept growing after a rotation
