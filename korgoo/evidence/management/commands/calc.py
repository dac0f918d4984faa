"""``korgoo calc``: the wage calculators on the command line, the same engine as the pages and the API.

    korgoo calc late-payment --country RU --amount 50000.00 --due 2025-03-15 \
        --payment 2025-04-01:20000.00 --as-of 2025-05-01
    korgoo calc overtime --country RU --hourly-rate 500 --day 2025-06-16:11 --day 2025-06-21:8:rest
    korgoo calc unpaid-wages --country KZ --pay-kind monthly --pay-rate 80000 --month 2025-05:20
    korgoo calc deadlines --country RU --entry 2025-03-01 --purpose work --no-contract --missed-payday 2025-06-15
    korgoo calc deadlines --country KZ --entry 2025-03-01 --purpose work --contract --dismissal 2025-09-01 --order-received 2025-09-03

``--json`` prints exactly what the API answers; otherwise a readable breakdown.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from korgoo.evidence.calculators import CalculationError
from korgoo.evidence.services.calculations import calculate


def _pair(text: str, what: str) -> list[str]:
    parts = text.split(":")
    if len(parts) < 2 or not all(parts[:2]):
        raise CommandError(f"{what}: expected DATE:VALUE, got {text!r}")
    return parts


class Command(BaseCommand):
    help = "Compute late-payment compensation, overtime pay, unpaid wages or deadlines."

    def add_arguments(self, parser: ArgumentParser) -> None:
        subs = parser.add_subparsers(dest="calculator", required=True)
        late = subs.add_parser(
            "late-payment", help="Compensation for late wages (RU art. 236, KZ art. 113(3))."
        )
        late.add_argument("--country", required=True, choices=["RU", "KZ"])
        late.add_argument("--amount", required=True, help="The sum due, e.g. 50000.00")
        late.add_argument("--due", required=True, help="Payday, YYYY-MM-DD")
        late.add_argument("--payment", action="append", default=[], help="DATE:AMOUNT, repeatable")
        late.add_argument("--as-of", help="Count up to this day (today by default)")
        late.add_argument("--day-count-basis", type=int, choices=[365, 360], help="Kazakhstan only")
        over = subs.add_parser(
            "overtime", help="Overtime and weekend pay (RU arts. 152-153, KZ arts. 108, 110)."
        )
        over.add_argument("--country", required=True, choices=["RU", "KZ"])
        over.add_argument("--hourly-rate", required=True)
        over.add_argument("--normal-hours", default="8")
        over.add_argument("--day", action="append", required=True, help="DATE:HOURS[:rest], repeatable")
        wages = subs.add_parser(
            "unpaid-wages", help="Wages owed month by month, with the minimum-wage check."
        )
        wages.add_argument("--country", required=True, choices=["RU", "KZ"])
        wages.add_argument("--pay-kind", required=True, choices=["monthly", "daily", "hourly"])
        wages.add_argument("--pay-rate", required=True)
        wages.add_argument("--month", action="append", required=True, help="YYYY-MM:DAYS[:HOURS], repeatable")
        wages.add_argument("--payment", action="append", default=[], help="DATE:AMOUNT, repeatable")
        dead = subs.add_parser("deadlines", help="Deadlines for a Kyrgyz worker in Russia or Kazakhstan.")
        dead.add_argument("--country", required=True, choices=["RU", "KZ"])
        dead.add_argument("--entry", required=True, help="Date of entry")
        dead.add_argument("--purpose", required=True, choices=["work", "other"])
        contract = dead.add_mutually_exclusive_group(required=True)
        contract.add_argument("--contract", dest="has_contract", action="store_true")
        contract.add_argument("--no-contract", dest="has_contract", action="store_false")
        for name in (
            "contract-start",
            "contract-end",
            "missed-payday",
            "dismissal",
            "order-received",
            "today",
        ):
            dead.add_argument(f"--{name}")
        for sub in (late, over, wages, dead):
            sub.add_argument("--json", action="store_true", help="Print the API's JSON answer")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, payload = self._payload(options)
        try:
            computed = calculate(kind, payload)
        except CalculationError as error:
            raise CommandError(f"{error.code}: {error.message_en}") from None
        if options["json"]:
            self.stdout.write(json.dumps(computed.data, ensure_ascii=False, indent=2))
            return
        self._print(kind, computed.data)

    def _payload(self, o: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        payments = [
            dict(zip(("date", "amount"), _pair(p, "--payment")[:2], strict=True))
            for p in o.get("payment") or []
        ]
        match o["calculator"]:
            case "late-payment":
                payload: dict[str, Any] = {
                    "country": o["country"],
                    "amount": o["amount"],
                    "due_date": o["due"],
                    "payments": payments,
                }
                if o.get("as_of"):
                    payload["as_of"] = o["as_of"]
                if o.get("day_count_basis"):
                    payload["day_count_basis"] = o["day_count_basis"]
                return "late_payment", payload
            case "overtime":
                days = []
                for text in o["day"]:
                    parts = _pair(text, "--day")
                    days.append(
                        {
                            "date": parts[0],
                            "hours": parts[1],
                            "rest_day": len(parts) > 2 and parts[2] == "rest",
                        }
                    )
                return "overtime", {
                    "country": o["country"],
                    "hourly_rate": o["hourly_rate"],
                    "normal_daily_hours": o["normal_hours"],
                    "days": days,
                }
            case "unpaid-wages":
                months = []
                for text in o["month"]:
                    parts = _pair(text, "--month")
                    month: dict[str, Any] = {"month": parts[0], "days_worked": parts[1]}
                    if len(parts) > 2:
                        month["hours_worked"] = parts[2]
                    months.append(month)
                return "unpaid_wages", {
                    "country": o["country"],
                    "pay_kind": o["pay_kind"],
                    "pay_rate": o["pay_rate"],
                    "months": months,
                    "payments": payments,
                }
            case _:
                payload = {
                    "country": o["country"],
                    "entry_date": o["entry"],
                    "purpose": o["purpose"],
                    "has_contract": o["has_contract"],
                }
                for option, key in (
                    ("contract_start", "contract_start"),
                    ("contract_end", "contract_end"),
                    ("missed_payday", "missed_payday"),
                    ("dismissal", "dismissal_date"),
                    ("order_received", "order_received"),
                    ("today", "today"),
                ):
                    if o.get(option):
                        payload[key] = o[option]
                return "deadlines", payload

    def _print(self, kind: str, data: dict[str, Any]) -> None:
        out = self.stdout.write
        if kind == "late_payment":
            for p in data["periods"]:
                out(
                    f"{p['from']} .. {p['to']}  {p['days']:>4} days  rate {p['rate']:>6}%  debt {p['debt']:>12}  = {p['amount']:>10}"
                )
            out(f"Compensation: {data['compensation']} {data['currency']}")
        elif kind == "overtime":
            for d in data["days"]:
                rest = " rest day" if d["rest_day"] else ""
                out(
                    f"{d['date']}{rest}: {d['hours']} h ({d['hours_at_1_5']} x1.5, {d['hours_at_2']} x2) = {d['amount']}"
                )
            for w in data["warnings"]:
                out(f"Limit exceeded: {w['text']}")
            out(f"Total: {data['total']} {data['currency']}")
        elif kind == "unpaid_wages":
            for m in data["months"]:
                out(f"{m['month']}: earned {m['earned']}, paid {m['paid']}, owed {m['owed']}")
            for w in data["warnings"]:
                out(f"Note: {w['text']}")
            out(f"Owed: {data['owed']} {data['currency']}")
        else:
            for item in data["items"]:
                mark = "" if item["confirmed"] else "  [to be confirmed]"
                out(
                    f"{item['due_date']}  {item['days_left']:>5} days  safe {item['safe_day']}  "
                    f"{item['code']}  ({item['rule']['article']}){mark}"
                )
        for source in data.get("sources", []):
            mark = "" if source["confirmed"] else " [to be confirmed]"
            out(f"  - {source['article']}: {source['text']} (checked {source['checked_on']}){mark}")
