#!/usr/bin/env python3
"""Benchmark the community import: property_migration at scale.

Generates the workbook of an old system's community of N units (96 per
building), each with one owner, a quarterly contract for 物业管理费 (2.50 per
m², 10 % of the units also 停车费 at 150), a water meter reading; arrears of
the last few years (one row per quarter) for a share of the units, and
prepayments for 5 % of the others. Then imports it into a fresh database as a
manager would, in batches, each committed as the scheduler does, and prints
the time of each phase:

- generate: the xlsx, in memory (not part of the import);
- dry run: ``action_dry_run()``, which must find no problem;
- start: ``_start()``, which checks the file again and cuts it into batches;
- batches: ``_process_batch()`` until none remains, committing after each;
- rerun: the same file imported again, which must create nothing.

After the batches it checks the units, the opening invoices (count, all
posted, total) and prepayments, and that every entry of the opening journal
balances.

    python3 bench/migration_benchmark.py                    # 100,000 units
    python3 bench/migration_benchmark.py --n 5000 --no-rerun
    python3 bench/migration_benchmark.py --n 20000 --per-year --keep-file big.xlsx

The default size runs for hours on a small machine: try ``--n 5000`` first
(about 7 minutes with the rerun on 2 CPUs). Each run drops and recreates its
database; drop it afterwards with ``dropdb property_migration_bench``. Ends
with a ``RESULT {json}`` line.
"""

import argparse
import base64
import contextlib
import importlib
import io
import json
import random
import threading
import time
from datetime import date, timedelta

from billing_benchmark import accounting_setup
from common import (
    UNITS_PER_BUILDING,
    analyze,
    chinese_name,
    describe_machine,
    load_registry,
    new_env,
    recreate_database,
    say,
    stop,
)

MODULES = ("property_migration",)
IMPORT_MODULE = "odoo.addons.property_migration.models.property_migration_import"
OPENING_JOURNAL = "OPEN"  # the module's OPENING_JOURNAL_CODE
COMMUNITY = {"name": "金桂花园", "code": "JGH"}
PROPERTY_FEE, PARKING_FEE = "物业管理费", "停车费"
PROPERTY_RATE, PARKING_RATE = 2.5, 150.0  # per m² and month; per month
# The old system billed up to the end of this quarter; arrears end with it.
BILLED_TO = date(2026, 6, 30)
OWNED_SINCE = date(2015, 1, 1)
PARKING_SHARE = 0.10
PREPAYMENT_SHARE = 0.05
PROGRESS_EVERY = 30  # seconds between progress lines of the batches
# The labels of the old system's export, as property_migration's sheets
# module reads them (UNIT_TYPES, ROLES, CYCLES, METERS).
RESIDENTIAL, OWNER, QUARTERLY, WATER = "住宅", "业主", "季", "水"
# The sheets of the workbook, in the order of sheets.SHEETS.
SHEET_KINDS = ("units", "residents", "contracts", "arrears", "prepayments", "meters")


# ----------------------------------------------------------------------
# The workbook
# ----------------------------------------------------------------------
def quarters(years):
    """``[(start, end)]`` of the ``years`` × 4 quarters ending with the one of
    ``BILLED_TO``, oldest first."""
    periods = []
    end = BILLED_TO  # the last day of a quarter's third month
    for _ in range(4 * years):
        start = date(end.year, end.month - 2, 1)
        periods.append((start, end))
        end = start - timedelta(days=1)
    return periods[::-1]


def plan_units(n, arrears_share, rng):
    """The units of the community: ``[dict]``, with who owes arrears, who
    prepaid and who rents a parking space."""
    owing = set(rng.sample(range(n), round(n * arrears_share)))
    others = [index for index in range(n) if index not in owing]
    prepaid = set(rng.sample(others, min(round(n * PREPAYMENT_SHARE), len(others))))
    parking = set(rng.sample(range(n), round(n * PARKING_SHARE)))
    units = []
    for index in range(n):
        building, rank = divmod(index, UNITS_PER_BUILDING)
        entrance, rank = divmod(rank, UNITS_PER_BUILDING // 2)
        floor, door = divmod(rank, 2)
        code = f"B{building + 1:03d}"
        number = f"{floor + 1:02d}{door + 1:02d}"
        units.append(
            {
                "building": code,
                "building_name": f"{building + 1}号楼",
                "entrance": str(entrance + 1),
                "floor": floor + 1,
                "number": number,
                "code": f"{code}-{entrance + 1}-{number}",
                "area": round(rng.uniform(60, 140), 2),
                "owner": chinese_name(rng),
                "mobile": f"139{index:08d}",
                "meter": round(rng.uniform(0, 3000), 1),
                "owes": index in owing,
                "parking": index in parking,
                "prepayment": (
                    round(rng.uniform(300, 3000), 2) if index in prepaid else None
                ),
            }
        )
    return units


def sheet_rows(units, periods):
    """``{kind: [row]}`` in the column order of the sheets' headers."""
    billed_to, since = BILLED_TO.isoformat(), OWNED_SINCE.isoformat()
    rows = {kind: [] for kind in SHEET_KINDS}
    for unit in units:
        code = unit["code"]
        rows["units"].append(
            [
                unit["building"],
                unit["building_name"],
                unit["entrance"],
                unit["floor"],
                unit["number"],
                RESIDENTIAL,
                unit["area"],
            ]
        )
        rows["residents"].append(
            [code, unit["owner"], unit["mobile"], "", OWNER, 100, since]
        )
        rows["contracts"].append(
            [code, PROPERTY_FEE, PROPERTY_RATE, QUARTERLY, billed_to]
        )
        if unit["parking"]:
            rows["contracts"].append(
                [code, PARKING_FEE, PARKING_RATE, QUARTERLY, billed_to]
            )
        if unit["owes"]:
            amount = round(unit["area"] * PROPERTY_RATE * 3, 2)
            rows["arrears"] += [
                [
                    code,
                    PROPERTY_FEE,
                    f"{start}~{end}",
                    amount,
                    (start + timedelta(days=14)).isoformat(),
                ]
                for start, end in periods
            ]
        if unit["prepayment"]:
            rows["prepayments"].append(
                [code, unit["owner"], unit["mobile"], unit["prepayment"], billed_to]
            )
        rows["meters"].append([code, WATER, unit["meter"], billed_to])
    return rows


def write_workbook(rows):
    """The xlsx file of ``rows``, written in openpyxl's fast write-only mode,
    with the Chinese sheet names and headers of the template."""
    import openpyxl

    from odoo.addons.property_migration import sheets

    book = openpyxl.Workbook(write_only=True)
    for kind, kind_rows in rows.items():
        name, _english, columns = sheets.SHEETS[kind]
        sheet = book.create_sheet(name)
        sheet.append([header for _key, header, _others, _required in columns])
        for row in kind_rows:
            sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def expected_totals(units, periods, per_year):
    """What the import must write: opening invoices and their total, and the
    prepayments and theirs, in fen."""
    owing = [unit for unit in units if unit["owes"]]
    prepaid = [unit["prepayment"] for unit in units if unit["prepayment"]]
    # One invoice per unit and quarter, or per unit and calendar year.
    groups = len({start.year for start, _end in periods}) if per_year else len(periods)
    return {
        "invoices": len(owing) * groups,
        "invoice_fen": sum(
            round(round(unit["area"] * PROPERTY_RATE * 3, 2) * 100) * len(periods)
            for unit in owing
        ),
        "prepayments": len(prepaid),
        "prepayment_fen": sum(round(amount * 100) for amount in prepaid),
    }


# ----------------------------------------------------------------------
# Seeding
# ----------------------------------------------------------------------
def seed(env):
    """Accounting, the two fee items and the empty community."""
    from odoo import Command

    company, _journal, product = accounting_setup(env)
    parking = env["product.product"].create(
        {
            "name": "停车费 Parking Fee",
            "type": "service",
            "taxes_id": [Command.clear()],
            "property_account_income_id": product.property_account_income_id.id,
        }
    )
    FeeType = env["property.fee.type"]
    for name, basis, rate, fee_product in (
        (PROPERTY_FEE, "area", PROPERTY_RATE, product),
        (PARKING_FEE, "fixed", PARKING_RATE, parking),
    ):
        FeeType.create(
            {
                "name": name,
                "basis": basis,
                "product_id": fee_product.id,
                "company_id": company.id,
                "rate_ids": [Command.create({"date_from": OWNED_SINCE, "rate": rate})],
            }
        )
    community = env["property.community"].create(
        {**COMMUNITY, "company_id": company.id}
    )
    env.cr.commit()
    analyze(env)
    return community


# ----------------------------------------------------------------------
# The import, phase by phase
# ----------------------------------------------------------------------
class Phase:
    """Times a phase and counts its SQL queries; prints a heartbeat every
    minute while one call runs long (the dry run, the start)."""

    def __init__(self, env, label, heartbeat=60):
        self.cr, self.label, self.heartbeat = env.cr, label, heartbeat
        self.seconds = self.queries = 0

    def __enter__(self):
        self.started, self.first = time.perf_counter(), self.cr.sql_log_count
        self.done = threading.Event()
        if self.heartbeat:
            threading.Thread(target=self._beat, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.seconds = time.perf_counter() - self.started
        self.queries = self.cr.sql_log_count - self.first
        return False

    def _beat(self):
        while not self.done.wait(self.heartbeat):
            say(
                f"{self.label}: running for {self.elapsed():.0f} s, "
                f"{self.cr.sql_log_count - self.first} queries so far"
            )

    def elapsed(self):
        return time.perf_counter() - self.started

    def report(self, rows=None):
        rate = f", {rows / self.seconds:,.0f} rows/s" if rows else ""
        say(f"{self.label}: {self.seconds:.1f} s, {self.queries:,} queries{rate}")


def run_import(env, community, data, args, label, rows):
    """Dry run, start and batches of a new import of ``data``: ``(record,
    {phase: Phase}, {stage: [seconds, queries, rows]})``."""
    cr = env.cr
    record = env["property.migration.import"].create(
        {
            "community_id": community.id,
            "file": base64.b64encode(data),
            "filename": "old_system.xlsx",
            "invoice_per_year": args.per_year,
        }
    )
    cr.commit()
    phases = {}
    with Phase(env, f"{label} dry run") as phases["dry_run"]:
        record.action_dry_run()
    phases["dry_run"].report(rows)
    if record.problem_count:
        stop_on_problems(record, f"{label}: the dry run")
    cr.commit()
    if not hasattr(record, "_start"):
        stop(
            "property_migration has no _start() yet: the batched import is not "
            "there, only the dry run could be measured."
        )
    with Phase(env, f"{label} start") as phases["start"]:
        started = record._start(batch_size=args.batch_size)
    if not started:
        stop_on_problems(record, f"{label}: _start()")
    cr.commit()
    phases["start"].report(rows)
    say(f"{label}: {record.batch_count} batches of up to {args.batch_size} rows")
    with Phase(env, f"{label} batches", heartbeat=None) as phases["batches"]:
        stages = process_batches(record, label, phases["batches"])
    phases["batches"].report(rows)
    for stage, (seconds, queries, stage_rows) in stages.items():
        rate = f", {stage_rows / seconds:,.0f} rows/s" if stage_rows else ""
        say(f"  {stage}: {seconds:.1f} s, {queries:,} queries{rate}")
    if record.state != "done":
        stop(f"{label}: the import is {record.state}, not done: {record.error}")
    say(f"{label}: counts {json.dumps(record.counts, ensure_ascii=False)}")
    return record, phases, stages


def stop_on_problems(record, what):
    from odoo.tools import html2plaintext

    stop(
        f"{what} found {record.problem_count} problem(s):\n"
        f"{html2plaintext(record.report or '')[:3000]}"
    )


def process_batches(record, label, phase):
    """Write the batches one by one, committing after each as the scheduler
    does: ``{stage: [seconds, queries, rows]}``, the last call (which finds
    no batch left and finishes the import) as ``finish``."""
    cr = record.env.cr
    # The batches in the order _process_batch() writes them.
    cr.execute(
        "SELECT stage, row_count FROM property_migration_batch "
        "WHERE import_id = %s ORDER BY sequence, id",
        [record.id],
    )
    batches = cr.fetchall() + [("finish", 0)]
    stages = {stage: [0.0, 0, 0] for stage, _rows in batches}
    rows_done, shown = 0, 0.0
    for stage, rows in batches:
        started, queries = time.perf_counter(), cr.sql_log_count
        more = record._process_batch()
        cr.commit()
        totals = stages[stage]
        totals[0] += time.perf_counter() - started
        totals[1] += cr.sql_log_count - queries
        totals[2] += rows
        rows_done += rows
        if not more:
            break
        if phase.elapsed() - shown >= PROGRESS_EVERY:
            shown = phase.elapsed()
            done, count = record.batch_done_count, record.batch_count
            say(
                f"{label} batches: {done}/{count} ({stage}), {shown:.0f} s, "
                f"{rows_done / shown:,.0f} rows/s"
            )
    return stages


def verify(env, community, n, expected):
    """The units, the opening invoices and prepayments, each entry balanced."""
    Move = env["account.move"]
    currency = community.company_id.currency_id
    problems = []
    units = env["property.unit"].search_count([("community_id", "=", community.id)])
    if units != n:
        problems.append(f"{units} units instead of {n}")
    opening = [
        ("journal_id.code", "=", OPENING_JOURNAL),
        ("company_id", "=", community.company_id.id),
    ]
    invoices = {
        state: (count, total)
        for state, count, total in Move._read_group(
            [*opening, ("move_type", "=", "out_invoice")],
            ["state"],
            ["__count", "amount_total:sum"],
        )
    }
    count = sum(count for count, _total in invoices.values())
    total = sum(total for _count, total in invoices.values())
    posted = invoices.get("posted", (0, 0))[0]
    if count != expected["invoices"]:
        problems.append(f"{count} opening invoices instead of {expected['invoices']}")
    if posted != count:
        problems.append(f"{count - posted} opening invoices not posted")
    if round(total, 2) != expected["invoice_fen"] / 100:
        problems.append(
            f"opening invoices total {total:,.2f} instead of "
            f"{expected['invoice_fen'] / 100:,.2f}"
        )
    [(entries, entries_total)] = Move._read_group(
        [*opening, ("move_type", "=", "entry")], [], ["__count", "amount_total:sum"]
    )
    if entries != expected["prepayments"]:
        problems.append(
            f"{entries} prepayment entries instead of {expected['prepayments']}"
        )
    if round(entries_total or 0.0, 2) != expected["prepayment_fen"] / 100:
        problems.append(
            f"prepayments total {entries_total or 0:,.2f} instead of "
            f"{expected['prepayment_fen'] / 100:,.2f}"
        )
    unbalanced = [
        move
        for move, debit, credit in env["account.move.line"]._read_group(
            opening,
            ["move_id"],
            ["debit:sum", "credit:sum"],
        )
        if currency.compare_amounts(debit, credit)
    ]
    if unbalanced:
        problems.append(f"{len(unbalanced)} unbalanced entries, e.g. {unbalanced[0]}")
    if problems:
        stop(f"wrong import: {'; '.join(problems)}.")
    say(
        f"verified: {units:,} units; {count:,} opening invoices, all posted, total "
        f"{total:,.2f}; {entries:,} prepayments, total {entries_total or 0:,.2f}; "
        "every opening entry balanced"
    )


def created_nothing(record):
    created = {
        kind: values["created"]
        for kind, values in (record.counts or {}).items()
        if isinstance(values, dict) and values.get("created")
    }
    if created:
        stop(f"rerun: the same file imported again created {created}.")
    say("rerun: created nothing (idempotent)")


# ----------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------
def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="The database is dropped and recreated at each run.",
    )
    parser.add_argument("--n", type=int, default=100_000, help="units (100,000)")
    parser.add_argument(
        "--arrears-share",
        type=float,
        default=0.10,
        help="share of the units owing arrears (0.10)",
    )
    parser.add_argument(
        "--years",
        type=int,
        default=3,
        help="years of quarterly arrears of the owing units, up to 2026-06-30 (3)",
    )
    parser.add_argument(
        "--batch-size", type=int, help="rows per batch (default: the module's)"
    )
    parser.add_argument(
        "--db", default="property_migration_bench", help="database (recreated)"
    )
    parser.add_argument("--keep-file", metavar="PATH", help="save the workbook here")
    parser.add_argument(
        "--per-year",
        action="store_true",
        help="one opening invoice per unit and year (invoice_per_year)",
    )
    parser.add_argument(
        "--no-rerun",
        dest="rerun",
        action="store_false",
        help="skip the second import of the same file (the idempotence check)",
    )
    args = parser.parse_args()
    if args.n <= 0 or args.years <= 0 or not 0 <= args.arrears_share <= 1:
        parser.error("--n and --years must be positive, --arrears-share 0 to 1")
    if args.batch_size is not None and args.batch_size <= 0:
        parser.error("--batch-size must be positive")
    return args


def generate(args):
    """The workbook, timed: ``(data, {sheet: rows}, expected, seconds)``."""
    started = time.perf_counter()
    units = plan_units(args.n, args.arrears_share, random.Random(42))
    periods = quarters(args.years)
    rows = sheet_rows(units, periods)
    data = write_workbook(rows)
    seconds = time.perf_counter() - started
    counts = {kind: len(kind_rows) for kind, kind_rows in rows.items()}
    say(
        f"generate: {seconds:.1f} s, {len(data) / 2**20:.1f} MB, "
        f"{sum(counts.values()):,} rows ("
        + ", ".join(f"{kind} {count:,}" for kind, count in counts.items())
        + f"); arrears from {periods[0][0]} to {periods[-1][1]}"
    )
    if args.keep_file:
        with open(args.keep_file, "wb") as file:
            file.write(data)
        say(f"generate: saved as {args.keep_file}")
    return data, counts, expected_totals(units, periods, args.per_year), seconds


def batch_size_default():
    """The module's BATCH_SIZE (once the registry has set the addons path)."""
    module = importlib.import_module(IMPORT_MODULE)
    if not hasattr(module, "BATCH_SIZE"):
        stop("property_migration has no BATCH_SIZE yet: give --batch-size.")
    return module.BATCH_SIZE


def timings(phases, stages, prefix=""):
    """``({name: seconds}, {name: queries})`` of the phases and the stages of
    the batches."""
    seconds, queries = {}, {}
    for name, phase in phases.items():
        seconds[prefix + name] = round(phase.seconds, 2)
        queries[prefix + name] = phase.queries
    for stage, (stage_seconds, stage_queries, _rows) in stages.items():
        seconds[f"{prefix}batches_{stage}"] = round(stage_seconds, 2)
        queries[f"{prefix}batches_{stage}"] = stage_queries
    seconds[prefix.rstrip("_") or "import"] = round(
        sum(phase.seconds for phase in phases.values()), 2
    )
    return seconds, queries


def main():
    args = parse_args()
    say(f"Creating database {args.db} and installing {', '.join(MODULES)} ...")
    started = time.perf_counter()
    recreate_database(args.db)
    registry = load_registry(args.db, MODULES)
    env = new_env(registry)
    try:
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            describe_machine(env)
        machine = output.getvalue().strip()
        say(machine)
        args.batch_size = args.batch_size or batch_size_default()
        community = seed(env)
        say(f"Installed and set up in {time.perf_counter() - started:.0f} s.")
        data, counts, expected, generated = generate(args)
        rows = sum(counts.values())

        _record, phases, stages = run_import(env, community, data, args, "import", rows)
        verify(env, community, args.n, expected)
        seconds, queries = timings(phases, stages)
        if args.rerun:
            record, phases, stages = run_import(
                env, community, data, args, "rerun", rows
            )
            created_nothing(record)
            verify(env, community, args.n, expected)
            again = timings(phases, stages, "rerun_")
            seconds.update(again[0])
            queries.update(again[1])
        summary = {
            "n": args.n,
            "rows": rows,
            "sheets": counts,
            "batch_size": args.batch_size,
            "per_year": args.per_year,
            "seconds": {"generate": round(generated, 2), **seconds},
            "queries": queries,
            "units_per_s": round(args.n / seconds["import"], 1),
            "rows_per_s": round(rows / seconds["import"], 1),
            "machine": machine.removeprefix("machine: "),
        }
        say(f"RESULT {json.dumps(summary, ensure_ascii=False)}")
    finally:
        env.cr.close()


if __name__ == "__main__":
    main()
