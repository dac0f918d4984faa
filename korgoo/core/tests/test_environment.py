"""Settings come from the environment (HOUSE_STYLE 14): every variable the code reads is listed in
`.env.example` and in docs/operations.md ("Every variable"), and every limit of the API can be
changed there, so that an operator, a load test or a fuzzer run can set it without editing code."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READERS = [
    *sorted((ROOT / "korgoo" / "config").rglob("*.py")),
    ROOT / "deploy" / "gunicorn.conf.py",
    ROOT / "korgoo" / "core" / "management" / "commands" / "backup.py",
]
READ = re.compile(
    r"""(?:env_(?:str|int|bool|list)\(|environ(?:\.get)?\(|environ\[|require\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)

# Every limit a client of the API can run into, with the value the test gives it.
API_LIMITS = {
    "KORGOO_HELP_API_PER_MINUTE": 7,
    "KORGOO_TOOLS_API_PER_MINUTE": 8,
    "KORGOO_INTAKE_PER_CLIENT": 9,
    "KORGOO_INTAKE_GLOBAL_PER_MINUTE": 10,
    "KORGOO_INTAKE_CHALLENGE_BITS": 11,
    "KORGOO_LOOKUP_FAILURES_PER_CLIENT": 12,
    "KORGOO_LOOKUP_FAILURES_GLOBAL": 13,
    "KORGOO_LOOKUP_WINDOW_SECONDS": 14,
    "KORGOO_LOGIN_FAILURES_PER_ACCOUNT": 15,
    "KORGOO_LOGIN_FAILURES_PER_CLIENT": 16,
    "KORGOO_LOGIN_WINDOW_SECONDS": 17,
    "KORGOO_CONSULAR_READS_PER_MINUTE": 21,
    "KORGOO_CONSULAR_WRITES_PER_HOUR": 22,
    "KORGOO_CONSULAR_CODE_FAILURES_PER_CLIENT": 23,
    "KORGOO_CONSULAR_CODE_FAILURES_GLOBAL": 24,
    "KORGOO_EXPORT_TTL_SECONDS": 18,
    "KORGOO_MONITORING_REPORT_TTL": 19,
    "KORGOO_UPLOAD_MAX_REQUEST_BYTES": 20,
}


def variables_read() -> set[str]:
    names: set[str] = set()
    for path in READERS:
        names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def test_the_scan_finds_the_variables() -> None:
    found = variables_read()
    assert {"KORGOO_SECRET_KEY", "DATABASE_URL", "KORGOO_HELP_API_PER_MINUTE", "KORGOO_BIND"} <= found
    assert READ.findall('env_int("KORGOO_X", 3) os.environ.get("KORGOO_Y")') == ["KORGOO_X", "KORGOO_Y"]


def test_every_variable_is_in_the_example_environment() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert not sorted(variables_read() - listed), ".env.example lacks these variables"


def test_every_variable_is_explained_in_operations() -> None:
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    table = operations.split("### Every variable", 1)[1]
    explained = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    assert not sorted(variables_read() - explained), 'docs/operations.md, "Every variable", lacks these'


def test_every_api_limit_comes_from_the_environment() -> None:
    """Each limit, set in the environment of a fresh process, is the value its setting takes."""
    assert set(API_LIMITS) <= variables_read()
    script = (
        "import django, json; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {sorted(API_LIMITS)!r}}}))"
    )
    env = {
        **os.environ,
        **{name: str(value) for name, value in API_LIMITS.items()},
        "DJANGO_SETTINGS_MODULE": "korgoo.config.settings.base",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == API_LIMITS
