"""The release-time burst of consular bookings: 1,000 workers try to book the same morning at once.

    python -m benchmarks.consular_burst [--workers-total 1000] [--concurrency 64] [--server-workers 4]

Starts a PostgreSQL cluster (or uses BENCH_DATABASE_URL) and gunicorn with the production settings
over plain HTTP, publishes a mission whose day two weeks ahead is released at this moment (as at
09:00), and sends the workers at it from a pool of client threads: each asks for the free times of the
day, books one (a random one of the first few, as people do), and on a full time asks again, up to
four tries. The same client harness first measures the two reference views of the intake benchmark
(a view that does nothing, and one that inserts one row), in the same run. Afterwards it reconciles
the 201 answers with the bookings in the database and checks that no time holds more people than its
places. Writes the figures to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from benchmarks.common import ROOT, percentiles, postgres, write_section
from benchmarks.intake import prepare_database, run, serve, wait_ready

SETUP = """
import datetime as dt, json
from django.utils import timezone
from korgoo.core.actor import Actor
from korgoo.organisations.models import Organisation
from korgoo.consular import services
from korgoo.consular.models import Slot
from korgoo.consular.services import PlanSpec, ServiceSpec
org = Organisation.objects.create(name="Bench embassy", kind="embassy", country="RU", city="Moscow")
days = (0, 1, 2, 3, 4)
texts = {"ky": ("Паспорт", "—"), "ru": ("Паспорт", "—"), "en": ("Passport", "—")}
mission = services.mission_publish(
    actor=Actor(is_platform_admin=True), organisation=org, timezone_name="Europe/Moscow", address="",
    windows=4,
    services_offered=[
        ServiceSpec("passport", 15, texts, PlanSpec(days, dt.time(9), dt.time(17), dt.time(13), dt.time(14), capacity=3, emergency_capacity=1)),
        ServiceSpec("return_certificate", 30, texts, PlanSpec(days, dt.time(9), dt.time(13), capacity=1, emergency_capacity=1)),
    ],
)
today = timezone.now().date()
for offset in range(14, 21):
    day = today + dt.timedelta(days=offset)
    if services.slots_generate(actor=None, mission=mission, start=day, days=1):
        break
Slot.objects.filter(mission=mission).update(opens_at=timezone.now() - dt.timedelta(seconds=1))
places = {s.service.code: 0 for s in Slot.objects.filter(mission=mission).select_related("service")}
for s in Slot.objects.filter(mission=mission).select_related("service"):
    places[s.service.code] += s.capacity
print(json.dumps({"mission": str(mission.pk), "day": day.isoformat(), "places": places}))
"""

CHECK = """
import json
from django.db.models import F, Sum
from korgoo.consular.models import Booking, Slot
print(json.dumps({
    "bookings": Booking.objects.count(),
    "taken": Slot.objects.aggregate(t=Sum("taken"))["t"] or 0,
    "overbooked": Slot.objects.filter(taken__gt=F("capacity")).count(),
    "double_person": Booking.objects.values("passport_digest", "service_code").distinct().count(),
}))
"""


class Harness:
    """Timed HTTP calls from many threads; every answer's status and time is kept."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.statuses: dict[str, Counter[int]] = {}

    def call(self, label: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Content-Type": "application/json", "Accept-Language": "ky"}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, payload = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        except OSError:
            status, payload = 0, b""
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times.setdefault(label, []).append(elapsed)
            self.statuses.setdefault(label, Counter())[status] += 1
        try:
            return status, json.loads(payload) if payload else None
        except ValueError:
            return status, None


def reference(harness: Harness, requests: int, concurrency: int) -> dict[str, float]:
    """Throughput of a view through the same harness, pool and server: the figure to compare with."""
    results = {}
    for label, path, body in (
        ("trivial view", "/api/bench/ping", None),
        ("one-row insert", "/api/bench/insert", {"x": 1}),
    ):
        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(lambda _n, p=path, b=body, lb=label: harness.call(lb, p, b), range(requests)))
        results[label] = requests / (time.perf_counter() - started)
    return results


def worker(harness: Harness, n: int, mission: str, day: str, rng: random.Random) -> str:
    service = "return_certificate" if n % 5 == 0 else "passport"
    body = {"service": service, "passport_number": f"AC{1000000 + n}", "phone": f"+7900{n:07d}"}
    for _attempt in range(4):
        status, slots = harness.call(
            "GET slots", f"/api/v1/consular/slots/?mission={mission}&service={service}&date={day}"
        )
        if status != 200 or not slots:
            return "no times left" if status == 200 else f"slots {status}"
        slot = rng.choice(slots[:5])
        status, answer = harness.call(
            "POST booking", "/api/v1/consular/bookings/", {**body, "slot": slot["id"]}
        )
        if status == 201:
            return "booked"
        if status == 409 and answer and answer.get("code") == "slot_full":
            continue
        return f"booking {status} {answer.get('code') if answer else ''}"
    return "gave up after four full times"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers-total", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--server-workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=18124)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with postgres(port=56433) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "PYTHONPATH": str(ROOT),
        }
        korgoo = [sys.executable, "-m", "korgoo"]
        prepare_database(env)
        setup = json.loads(run([*korgoo, "shell", "-c", SETUP], env).strip().splitlines()[-1])
        server = serve(args.port, args.server_workers, env)
        base = f"http://127.0.0.1:{args.port}"
        try:
            wait_ready(base)
            harness = Harness(base)
            ref = reference(harness, args.workers_total, args.concurrency)
            rng = random.Random(15)
            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                outcomes = Counter(
                    pool.map(
                        lambda n: worker(
                            harness, n, setup["mission"], setup["day"], random.Random(rng.random())
                        ),
                        range(args.workers_total),
                    )
                )
            burst_seconds = time.perf_counter() - started
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        check = json.loads(run([*korgoo, "shell", "-c", CHECK], env).strip().splitlines()[-1])
    booked = harness.statuses["POST booking"][201]
    places = sum(setup["places"].values())
    rows = []
    for label in ("trivial view", "one-row insert", "GET slots", "POST booking"):
        p = percentiles(harness.times[label])
        statuses = dict(sorted(harness.statuses[label].items()))
        rows.append(
            f"| {label} | {p['n']} | {p['median']:.1f} | {p['p95']:.1f} | {p['p99']:.1f} | {p['max']:.0f} | {statuses} |"
        )
    requests_total = len(harness.times["GET slots"]) + len(harness.times["POST booking"])
    body_md = f"""
Command: `python -m benchmarks.consular_burst --workers-total {args.workers_total} --concurrency {args.concurrency} --server-workers {args.server_workers}`
(gunicorn, {args.server_workers} sync workers, production settings over HTTP on loopback, PostgreSQL 15 on the same
machine; the clients are {args.concurrency} Python threads in another process on the same 2 cores). One mission's day
two weeks ahead is released at the moment the burst starts: **{places}** places
({setup["places"]}) for **{args.workers_total}** workers, each of whom asks for the free times, books one of the first
five, and on a full time asks again (up to four tries). Throttles and the proof-of-work switch are opened wide, so
the figures are the server's, not its limits'.

| request | samples | median ms | p95 ms | p99 ms | max ms | answers by status |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

- The burst took **{burst_seconds:.1f} s**: {requests_total} requests, {requests_total / burst_seconds:.0f} requests/s. Reference
  in the same run, same harness and server: the trivial view {ref["trivial view"]:.0f} requests/s, the one-row insert
  {ref["one-row insert"]:.0f} requests/s.
- Workers: {dict(outcomes.most_common())}.
- Reconciliation: {booked} answers `201` and {check["bookings"]} bookings in the database; places taken {check["taken"]};
  times holding more people than their places: **{check["overbooked"]}**; distinct (passport, service) pairs
  {check["double_person"]} for {check["bookings"]} bookings. Every place went to one person, no place to two.
"""
    print(body_md)
    if not args.no_write:
        write_section("Consular release-time burst", body_md)


if __name__ == "__main__":
    main()
