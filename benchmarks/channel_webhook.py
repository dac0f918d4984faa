"""Channel webhook throughput next to the two reference views, on PostgreSQL.

    python -m benchmarks.channel_webhook [--seconds 15] [--connections 16] [--workers 4]

Starts gunicorn with the production settings (a Telegram bot token and webhook secret set) and loads
in turn, with wrk: the trivial view, the one-row insert, and `POST /channels/telegram/webhook/` with
a Bot API update per request (a new update_id each time, a thousand private chats, the secret
header). The webhook checks the secret, keeps the update sealed (one row) and queues its handling in
the outbox, all in one transaction, and answers; the conversation runs later in the outbox drain,
which is not measured here. Afterwards it reconciles the 200 answers with the updates kept and the
outbox messages queued, and reads each worker's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from benchmarks.common import ROOT, postgres, workers_peak_mb, write_section
from benchmarks.intake import prepare_database, run, serve, wait_ready, wrk

SECRET = "bench-telegram-secret-0123456789"


def count(korgoo: list[str], env: dict[str, str], expression: str) -> int:
    out = run([*korgoo, "shell", "-c", f"print({expression})"], env)
    return int(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=18124)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with postgres() as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "PYTHONPATH": str(ROOT),
            "KORGOO_TELEGRAM_BOT_TOKEN": "123456:bench-token",
            "KORGOO_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "KORGOO_TELEGRAM_API_BASE": "http://127.0.0.1:9",  # nothing is sent during the run
        }
        korgoo = [sys.executable, "-m", "korgoo"]
        prepare_database(env)
        inbound = "__import__('korgoo.channels.models', fromlist=['Inbound']).Inbound.objects.count()"
        queued = (
            "__import__('korgoo.core.models', fromlist=['OutboxMessage']).OutboxMessage.objects"
            ".filter(topic='channels.inbound').count()"
        )
        before = (count(korgoo, env, inbound), count(korgoo, env, queued))
        server = serve(args.port, args.workers, env)
        base = f"http://127.0.0.1:{args.port}"
        figures: dict[str, dict[str, object]] = {}
        warm: dict[str, int] = {}
        try:
            wait_ready(base)
            for name, path, extra, script in (
                ("trivial view (framework ceiling)", "/api/bench/ping", {"BENCH_METHOD": "GET"}, None),
                (
                    "one-row insert (database floor)",
                    "/api/bench/insert",
                    {"BENCH_METHOD": "POST", "BENCH_BODY": '{"update_id": 1}'},
                    None,
                ),
                (
                    "POST /channels/telegram/webhook/",
                    "/channels/telegram/webhook/",
                    {"BENCH_SECRET": SECRET},
                    "wrk_telegram.lua",
                ),
            ):
                first = wrk(base + path, 3, args.connections, extra, script)  # warm-up, not measured
                warm[name] = int(first["statuses"].get("200", 0))  # type: ignore[union-attr]
                figures[name] = wrk(base + path, args.seconds, args.connections, extra, script)
                print(name, figures[name], flush=True)
            peaks = workers_peak_mb(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        after = (count(korgoo, env, inbound), count(korgoo, env, queued))
    hook = figures["POST /channels/telegram/webhook/"]
    insert = figures["one-row insert (database floor)"]
    ping = figures["trivial view (framework ceiling)"]
    accepted = int(hook["statuses"].get("200", 0)) + warm["POST /channels/telegram/webhook/"]  # type: ignore[union-attr]
    rows = [
        f"| {name} | {f['rps']:.0f} | {f['median_ms']:.1f} | {f['p95_ms']:.1f} | {f['p99_ms']:.1f} | {f['errors']} |"
        for name, f in figures.items()
    ]
    body_md = f"""
Command: `python -m benchmarks.channel_webhook --seconds {args.seconds} --connections {args.connections} --workers {args.workers}`
(gunicorn, {args.workers} sync workers, production settings over HTTP on loopback; wrk with 2 threads and
{args.connections} connections on the same 2 cores; PostgreSQL 15 on the same machine). Each webhook request is a
new Bot API update of one of a thousand private chats.

| endpoint | requests/s | median ms | p95 ms | p99 ms | errors |
|---|---|---|---|---|---|
{chr(10).join(rows)}

- The webhook answers at **{hook["rps"] / insert["rps"]:.0%}** of the one-insert view's throughput and
  {hook["rps"] / ping["rps"]:.0%} of the trivial view's, in the same run.
- Reconciliation: {accepted} answers `200` (measured run and warm-up), {after[0] - before[0]} updates kept
  sealed and {after[1] - before[1]} handlings queued in the outbox (more kept than answered: the requests in
  flight when wrk stopped, at most {args.connections} a run, were kept and answered to nobody). Answers by status in
  the measured run: {hook["statuses"]}.
- Peak resident memory of each gunicorn worker over the whole run: {", ".join(f"{p:.0f} MiB" for p in peaks)}.
"""
    print(body_md)
    if not args.no_write:
        write_section("Channel webhook", body_md)


if __name__ == "__main__":
    main()
