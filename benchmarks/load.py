"""Load: 50 concurrent users reading and reporting against `jijuqu serve` on 127.0.0.1.

Builds the demo database (once per data directory or PostgreSQL database), starts `jijuqu serve` on a
free port, and lets --users virtual users work for --duration seconds. Each logs in as a demo account
(the zone staff qinyang and ruzhou report, the others read) and then loops:

- zone staff: the progress list, one progress report's edit page, saving it (a real save through the
  form: a version check, a history row), the home page;
- analysts, the department and the enterprise: the home page, the project ledger (first and second
  page), the progress list, the problem board, and for the analysts the 月通报 page.

It prints requests/s, p50 and p95 per kind of request and overall, errors (5xx, refused connections,
timeouts, unexpected answers), forms refused, and how often "database is locked" appears in the
server's log. Target: 0 errors, 0 "database is locked".

    pip install -e . && python benchmarks/load.py                    # SQLite in /tmp/jijuqu-load
    python benchmarks/load.py --pg postgres://postgres@127.0.0.1:5432/jijuqu_load
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

PASSWORD = "jijuqu2026"
REPORTERS = ["qinyang", "ruzhou"]
READERS = ["henan", "jiaozuo", "qinyangshi", "jzziran", "xingfa"]
ANALYSTS = {"henan", "jiaozuo", "qinyangshi"}


# --- the server ---------------------------------------------------------------------------------------


def prepare(data_dir: Path, env: dict[str, str], key: str) -> None:
    """The demo data, built once: a marker in the data directory names the database it was built in."""
    marker = data_dir / f".load-demo-{key}"
    if marker.exists():
        return
    print(f"building the demo database (once) in {env.get('DATABASE_URL') or data_dir} …", flush=True)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "jijuqu.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    marker.write_text("ready\n")
    print(f"  built in {time.monotonic() - started:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    out = open(log, "w")  # noqa: SIM115 - kept open for the server's life
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jijuqu.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"jijuqu serve stopped:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    sys.exit("jijuqu serve did not answer within 180 s")


# --- a virtual user -----------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FormFields(html.parser.HTMLParser):
    """The fields of the page's form that has `wanted` (inputs, selected options, textareas)."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.forms, self.current = wanted, [], None
        self.select, self.textarea = None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("file", "submit", "checkbox"):
            self.current[a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.current[a["name"]] = a.get("value") or "on"
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and ("selected" in a):
            self.current[self.select] = a.get("value") or ""
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.current[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current[self.textarea] += data

    def fields(self) -> dict[str, str] | None:
        return next((form for form in self.forms if self.wanted in form), None)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.refused = 0

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1


class User:
    def __init__(self, base: str, account: str, slot: int, stats: Stats, stop: threading.Event, think: float):
        self.base, self.account, self.slot, self.stats, self.stop, self.think = (
            base,
            account,
            slot,
            stats,
            stop,
            think,
        )
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.random = random.Random(slot)

    def request(self, kind: str, path: str, data: dict | None = None, expect=(200,)) -> str | None:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        started = time.perf_counter()
        try:
            response = self.opener.open(urllib.request.Request(self.base + path, body, headers), timeout=120)
            status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
            self.stats.error(f"{kind}: {type(err).__name__}")
            return None
        self.stats.record(kind, time.perf_counter() - started)
        if status not in expect:
            self.stats.error(f"{kind}: HTTP {status}")
            return None
        return text

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self) -> bool:
        if self.request("login page", "/login/") is None:
            return False
        form = {"username": self.account, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()}
        return self.request("log in", "/login/", form, expect=(302,)) is not None

    def run(self, delay: float) -> None:
        if self.stop.wait(delay) or not self.login():
            return
        while not self.stop.is_set():
            if self.account in REPORTERS:
                self.report()
            else:
                self.read()

    def pause(self) -> None:
        self.stop.wait(self.random.uniform(0, 2 * self.think))

    def read(self) -> None:
        pages = [
            ("home", "/"),
            ("ledger", "/projects/"),
            ("ledger page 2", "/projects/?page=2"),
            ("progress list", "/progress/"),
            ("problem board", "/problems/board/"),
        ]
        if self.account in ANALYSTS:
            pages.append(("月通报 page", "/reports/monthly/"))
        for kind, path in pages:
            if self.stop.is_set():
                return
            self.request(kind, path)
            self.pause()

    def report(self) -> None:
        listing = self.request("progress list", "/progress/")
        if listing is None:
            return
        records = sorted(set(re.findall(r'href="/progress/(\d+)/"', listing)), key=int)
        if not records:
            self.stats.error("progress list: no report to edit")
            self.stop.wait(1)
            return
        # Each virtual user of an account keeps to its own report, as two colleagues would.
        pk = records[self.slot % len(records)]
        self.pause()
        page = self.request("progress edit page", f"/progress/{pk}/edit/")
        if page is None:
            return
        parser = FormFields("invested")
        parser.feed(page)
        fields = parser.fields()
        if fields is None:
            self.stats.error("progress edit page: no form")
            return
        fields["progress_text"] = f"负载测试 {self.account} #{self.slot} {time.time():.3f}"
        self.pause()
        saved = self.request("save progress", f"/progress/{pk}/edit/", fields, expect=(302, 200))
        if saved is not None and "is-invalid" in saved:
            with self.stats.lock:
                self.stats.refused += 1
        self.pause()
        self.request("home", "/")
        self.pause()


# --- the run ------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument(
        "--think", type=float, default=3, help="mean pause between a user's clicks, s (default 3)"
    )
    parser.add_argument(
        "--ramp", type=float, default=10, help="seconds over which the users log in (default 10)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL database URL (default: SQLite)")
    parser.add_argument("--data-dir", help="data directory (default /tmp/jijuqu-load)")
    args = parser.parse_args()

    data_dir = Path(args.data_dir or Path(tempfile.gettempdir()) / "jijuqu-load")
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STATIC_ROOT")}
    env.update(JIJUQU_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="jijuqu.settings")
    if args.pg:
        env["DATABASE_URL"] = args.pg
    key = hashlib.sha256((args.pg or "sqlite").encode()).hexdigest()[:12]
    prepare(data_dir, env, key)

    port = free_port()
    server_log = data_dir / "load-server.log"
    app_log = data_dir / "logs" / "jijuqu.log"
    app_log_start = app_log.stat().st_size if app_log.exists() else 0
    server = start_server(env, port, args.workers, args.threads, server_log)
    base = f"http://127.0.0.1:{port}"
    database = "PostgreSQL" if args.pg else "SQLite (WAL)"
    print(
        f"{args.users} users (arriving over {args.ramp:.0f} s) for {args.duration:.0f} s against jijuqu serve ({args.workers} workers × "
        f"{args.threads} threads) on {database}, think time ≈ {args.think} s",
        flush=True,
    )

    stats, stop = Stats(), threading.Event()
    accounts = [*REPORTERS, *READERS]
    users = [
        User(base, accounts[i % len(accounts)], i // len(accounts), stats, stop, args.think)
        for i in range(args.users)
    ]
    # Users arrive over --ramp seconds, as an office does in the morning, not all in one millisecond.
    threads = [
        threading.Thread(target=u.run, args=(args.ramp * i / len(users),), daemon=True)
        for i, u in enumerate(users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(args.duration + args.ramp)
    stop.set()
    for thread in threads:
        thread.join(timeout=90)
    elapsed = time.monotonic() - started
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)

    logged = server_log.read_text(errors="replace")
    if app_log.exists():
        with open(app_log, "rb") as f:
            f.seek(app_log_start)
            logged += f.read().decode("utf-8", "replace")
    locked = logged.count("database is locked")
    server_errors = len(re.findall(r" ERROR ", logged))

    everything = [t for times in stats.times.values() for t in times]
    print(f"\n{'request':<22}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for kind, times in sorted(stats.times.items()):
        print(
            f"{kind:<22}{len(times):>8}{percentile(times, 0.5) * 1000:>10.0f}{percentile(times, 0.95) * 1000:>10.0f}"
        )
    print(
        f"{'all':<22}{len(everything):>8}{percentile(everything, 0.5) * 1000:>10.0f}"
        f"{percentile(everything, 0.95) * 1000:>10.0f}"
    )
    errors = sum(stats.errors.values())
    print(
        f"\n{database}: {len(everything) / elapsed:.1f} requests/s over {elapsed:.0f} s, "
        f"p50 {percentile(everything, 0.5) * 1000:.0f} ms, p95 {percentile(everything, 0.95) * 1000:.0f} ms, "
        f'errors {errors}, forms refused {stats.refused}, "database is locked" {locked}, '
        f"ERROR lines in the server log {server_errors}"
    )
    for what, count in sorted(stats.errors.items()):
        print(f"  error: {what} × {count}")
    sys.exit(1 if errors or locked else 0)


if __name__ == "__main__":
    main()
