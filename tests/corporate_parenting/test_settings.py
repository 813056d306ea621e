"""Settings come from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60 + "production-like-secret-key-for-checks",
    "ALLOWED_HOSTS": "cpb.example.gov.uk",
    "DATABASE_URL": "postgres://cpb:pw@db.internal:5432/cpb",
    "REDIS_URL": "redis://redis.internal:6379/0",
}


def run_python(code, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"}
    }
    clean["DJANGO_SETTINGS_MODULE"] = "corporate_parenting.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_setting(expression, **env):
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr({expression}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_secret_key_is_required_when_debug_is_off():
    result = run_python("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_database_and_broker_come_from_the_environment():
    assert read_setting("settings.DATABASES['default']['HOST']", **PRODUCTION) == "'db.internal'"
    assert (
        read_setting("settings.CELERY_BROKER_URL", **PRODUCTION)
        == "'redis://redis.internal:6379/0'"
    )
    assert read_setting("settings.ALLOWED_HOSTS", **PRODUCTION) == "['cpb.example.gov.uk']"


def test_a_missing_database_url_is_a_clear_error_naming_the_readme():
    for env in ({}, {"DATABASE_URL": ""}, {"DATABASE_URL": "sqlite:///db.sqlite3"}):
        result = run_python("import django; django.setup()", DEBUG="1", **env)
        assert result.returncode != 0
        assert "Set DATABASE_URL to a PostgreSQL database" in result.stderr
        assert "README.md" in result.stderr


def test_without_redis_celery_uses_the_filesystem_broker():
    database = {"DATABASE_URL": PRODUCTION["DATABASE_URL"]}
    assert read_setting("settings.CELERY_BROKER_URL", DEBUG="1", **database) == "'filesystem://'"


def test_production_cookies_are_secure_and_sessions_expire_after_30_idle_minutes():
    assert read_setting("settings.SESSION_COOKIE_NAME", **PRODUCTION) == "'__Host-sessionid'"
    assert read_setting("settings.CSRF_COOKIE_SECURE", **PRODUCTION) == "True"
    assert read_setting("settings.SESSION_COOKIE_AGE", **PRODUCTION) == "1800"
    assert read_setting("settings.SECURE_HSTS_SECONDS", **PRODUCTION) == "31536000"


def test_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            },
            **PRODUCTION,
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_a_database_url_stops_start_up():
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "Set DATABASE_URL" in result.stderr


def test_production_without_a_broker_stops_start_up():
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr


def test_the_demo_app_is_installed_only_when_demo_is_set():
    assert read_setting("'demo' in settings.INSTALLED_APPS", **PRODUCTION, DEMO="") == "False"
    assert read_setting("'demo' in settings.INSTALLED_APPS", **PRODUCTION, DEMO="1") == "True"


def test_the_code_reads_only_declared_settings():
    """A setting read with getattr(settings, "X", default) is undeclared: declare it in
    settings.py and read settings.X."""
    apps = ["corporate_parenting", "children", "placements", "meetings", "reports", "demo"]
    offenders = [
        str(path.relative_to(ROOT))
        for app in apps
        for path in (ROOT / app).rglob("*.py")
        if "getattr(settings" in path.read_text()
    ]
    assert offenders == []


def test_cache_keys_carry_the_database_name():
    """Two councils' databases sharing one Redis never read each other's cached figures."""
    key = "__import__('django.core.cache').core.cache.cache.make_key('reports:history')"
    one = read_setting(key, **PRODUCTION)
    other = read_setting(key, **{**PRODUCTION, "DATABASE_URL": "postgres://cpb@db/other"})
    assert "cpb" in one and "other" in other and one != other
