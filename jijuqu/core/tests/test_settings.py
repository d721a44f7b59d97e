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
