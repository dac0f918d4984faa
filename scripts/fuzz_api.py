"""Fuzz a running Korgoo's API with schemathesis' command line, anonymously and as every staff role.

    KORGOO_HELP_API_PER_MINUTE=1000000000 ... korgoo demo --port 8765 &      # limits raised
    .venv/bin/python scripts/fuzz_api.py http://127.0.0.1:8765 --examples 100

The same configuration as the suite's fuzzer (`korgoo/core/tests/fuzzing.py`, made from the
description itself) and the same two checks of our own, with every built-in check. Staff log in with
the demo's accounts (`--password`, the demo's by default; two-factor login is off in demo mode); the
ids of the cases each role sees are given to the fuzzer, and the description's links bring the rest.
Start the server with every limit of `fuzzing.LIMITS` raised in its environment, or 429 hides what
the API does. Exits non-zero when any role's run found a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from korgoo.core.tests import fuzzing  # noqa: E402 - after the path

DEMO_ACCOUNTS = {
    "caseworker": "ngo.moscow",
    "coordinator": "coordinator",
    "org_admin": "ngo.moscow.admin",
    "viewer": "ngo.moscow.viewer",
    "analyst": "analyst",
}
SCHEMA = "/api/v1/schema/?format=json"


def call(base: str, path: str, body: Any = None, token: str = "") -> Any:
    if not base.startswith(("http://", "https://")):
        raise SystemExit("The server must be an http(s) URL.")
    request = urllib.request.Request(  # noqa: S310 - an http(s) URL, checked above
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 - an http(s) URL, checked above
        return json.load(answer)


def toml(value: Any) -> str:
    """A value as TOML, tables inline (every key quoted)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the server, e.g. http://127.0.0.1:8765")
    parser.add_argument("--password", default="korgoo-demo")
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--roles", default="anonymous," + ",".join(DEMO_ACCOUNTS))
    parser.add_argument("--out", default="", help="a directory for each role's report (JUnit XML)")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    raw = call(base, SCHEMA)

    def login(user: str) -> str:
        return str(call(base, "/api/v1/auth/token/", {"username": user, "password": args.password})["token"])

    tokens = {role: login(user) for role, user in DEMO_ACCOUNTS.items()}
    # Logging out takes the token it is sent with: a second one per role for that operation.
    spare_tokens = {role: login(user) for role, user in DEMO_ACCOUNTS.items()}
    cases = {
        line["id"]
        for role in ("caseworker", "coordinator")
        for line in call(base, "/api/v1/cases/", token=tokens[role])["results"]
    }
    ids = {"case_id": [*sorted(cases), str(uuid.uuid4())]}
    failed = []
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="korgoo-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    for role in args.roles.split(","):
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role in tokens else {}
        settings = fuzzing.config(
            raw,
            headers=headers,
            ids=ids,
            examples=args.examples,
            steps=args.steps,
            seed=args.seed,
            coverage=True,
            unexpected_methods=["get", "put", "post", "delete", "options", "patch", "trace"],
            logout_token=spare_tokens.get(role, ""),
        )
        settings["hooks"] = "korgoo.core.tests.fuzzing"
        settings["workers"] = 1
        path = out / f"schemathesis-{role}.toml"
        path.write_text(
            "".join(f"{json.dumps(k)} = {toml(v)}\n" for k, v in settings.items()), encoding="utf-8"
        )
        print(f"== {role}", flush=True)
        command = [
            str(Path(sys.executable).with_name("st")),
            "--config-file",
            str(path),
            "run",
            base + SCHEMA,
            # Every check is on in the configuration; naming them here would switch back on the two
            # the configuration turns off for single-use downloads and body-linked lookups.
            "--report",
            "junit",
            "--report-dir",
            str(out / role),
        ]
        run = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})  # noqa: S603
        if run.returncode:
            failed.append(role)
    print("failures as:", ", ".join(failed) if failed else "none")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
