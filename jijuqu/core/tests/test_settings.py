import os
import subprocess
import sys


def run_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import jijuqu.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_refuses_the_default_secret(tmp_path):
    result = run_settings(JIJUQU_PRODUCTION="1", JIJUQU_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret(tmp_path):
    result = run_settings(JIJUQU_PRODUCTION="1", SECRET_KEY="x" * 50, JIJUQU_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_sqlite_is_the_default_and_database_url_switches_to_postgresql(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", "import jijuqu.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        env={**env, "JIJUQU_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3"
    result = run_settings(DATABASE_URL="postgres://u:p@127.0.0.1:5432/jijuqu")
    assert result.stdout.strip() == "django.db.backends.postgresql"


def read_settings(expression: str, **env) -> str:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("JIJUQU_") or k == "JIJUQU_DATA_DIR"
    }
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", f"import jijuqu.settings as s; print({expression})"],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_on_a_plain_http_intranet_still_sends_its_cookies(tmp_path):
    """HTTPS-only cookies are their own setting: JIJUQU_PRODUCTION=1 alone must not make the browser drop
    the session cookie of a site served over http://, or nobody could log in."""
    production = {"JIJUQU_PRODUCTION": "1", "SECRET_KEY": "x" * 50, "JIJUQU_DATA_DIR": str(tmp_path)}
    assert read_settings("s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE", **production) == "False False"
    assert (
        read_settings(
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE", JIJUQU_SECURE_COOKIES="1", **production
        )
        == "True True"
    )


def test_the_proxy_ssl_header_is_trusted_only_when_asked(tmp_path):
    expression = "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)"
    assert read_settings(expression, JIJUQU_DATA_DIR=str(tmp_path)) == "None"
    assert read_settings(expression, JIJUQU_DATA_DIR=str(tmp_path), JIJUQU_PROXY_SSL_HEADER="1") == str(
        ("HTTP_X_FORWARDED_PROTO", "https")
    )


def test_sessions_and_uploads_are_shared_not_kept_in_one_process(tmp_path):
    """Several app servers share sessions through the database and uploads through one directory."""
    assert (
        read_settings("s.SESSION_ENGINE", JIJUQU_DATA_DIR=str(tmp_path))
        == "django.contrib.sessions.backends.db"
    )
    shared = tmp_path / "shared-media"
    assert read_settings("s.MEDIA_ROOT", JIJUQU_DATA_DIR=str(tmp_path), JIJUQU_MEDIA_DIR=str(shared)) == str(
        shared
    )


def test_postgresql_keeps_a_threads_connection_and_checks_it_before_reuse(tmp_path):
    url = "postgres://u:p@127.0.0.1:5432/jijuqu"
    database = "s.DATABASES['default']"
    assert read_settings(f"{database}['CONN_MAX_AGE']", DATABASE_URL=url) == "60"
    assert read_settings(f"{database}['CONN_HEALTH_CHECKS']", DATABASE_URL=url) == "True"
    assert read_settings(f"{database}['CONN_MAX_AGE']", DATABASE_URL=url, JIJUQU_DB_CONN_MAX_AGE="0") == "0"
    # SQLite opens its file per request: a restore replaces the file, and a kept connection would read the old.
    assert read_settings(f"{database}['CONN_MAX_AGE']", DATABASE_URL="", JIJUQU_DATA_DIR=str(tmp_path)) == "0"
