"""`jijuqu serve` runs gunicorn over the test database and serves pages and collected static files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_serve(tmp_path, *args, database=None):
    env = {k: v for k, v in os.environ.items() if k not in ("STATIC_ROOT", "JIJUQU_LOG_FILE")}
    env.update(JIJUQU_DATA_DIR=str(tmp_path), DATABASE_URL=database or database_url())
    return subprocess.Popen(
        [sys.executable, "-m", "jijuqu.cli", "serve", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def get(url: str, **headers):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)


@pytest.mark.django_db(transaction=True)
def test_serve_runs_gunicorn_with_the_collected_static_files(tmp_path):
    port = free_port()
    server = run_serve(tmp_path, "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = get(f"http://127.0.0.1:{port}/login/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "jijuqu serve did not answer within 60 s"
                time.sleep(0.3)
        assert page.status == 200
        assert "gunicorn" in page.headers.get("Server", "")
        static = get(f"http://127.0.0.1:{port}/static/jijuqu/app.css", **{"Accept-Encoding": "gzip"})
        assert static.status == 200
        assert static.headers["Content-Encoding"] == "gzip"  # the compressed copy collectstatic made
        assert (tmp_path / "static" / "jijuqu" / "app.css").exists()
        assert (tmp_path / "static" / ".jijuqu-collected").exists()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=30)


def test_serve_refuses_an_unmigrated_database(tmp_path):
    server = run_serve(tmp_path, database=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    out, err = server.communicate(timeout=60)
    assert server.returncode == 1
    assert "jijuqu migrate" in err and "未执行" in err
