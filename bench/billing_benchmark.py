#!/usr/bin/env python3
"""Benchmark monthly billing: property_billing runs against OCA contract.

Seeds N units, each with an owner, an active monthly-in-advance fee contract
(one area-based fee item at 2.50 per m²) and, for the comparison, an OCA
``contract.contract`` for the same owner with one monthly line of the same
price. Then bills 2026-01-01 on each side and reports wall time, invoices per
second and SQL queries per invoice, after checking that N invoices were
created, all posted and balanced, for the expected total.

    python3 bench/billing_benchmark.py --n 10000                # seed, ours, OCA
    python3 bench/billing_benchmark.py --n 10000 --side seed    # seed only
    python3 bench/billing_benchmark.py --side ours              # on that database
    python3 bench/billing_benchmark.py --side oca               # then this one

``--side ours`` and ``--side oca`` bill a database seeded before, once each;
run them one after the other, not together, or each disturbs the other's
timing. When ours has run on the database, the OCA side also prints the
throughput ratio. See bench/README.md.
"""

import json
import random
import threading
import time
from datetime import date

from common import (
    UNITS_PER_BUILDING,
    analyze,
    chinese_name,
    database_exists,
    describe_machine,
    load_registry,
    new_env,
    parsed,
    recreate_database,
    say,
    side_parser,
    stop,
    unit_vals,
)

MODULES = ("property_billing", "contract")
BILLING_DATE = date(2026, 1, 1)
OWNED_SINCE = date(2015, 1, 1)
RATE = 2.5  # per m² and month
SEED_BATCH = 1000
OURS_RESULT_PARAM = "billing_benchmark.ours_result"


# ----------------------------------------------------------------------
# Seeding
# ----------------------------------------------------------------------


def accounting_setup(env):
    """Sales journal, income account and the fee's service product."""
    from odoo import Command

    company = env.company
    Journal = env["account.journal"]
    journal_domain = [("type", "=", "sale"), ("company_id", "=", company.id)]
    if not Journal.search(journal_domain, limit=1):
        env["account.chart.template"].try_loading("generic_coa", company)
    journal = Journal.search(journal_domain, limit=1)
    income = env["account.account"].search(
        [
            *env["account.account"]._check_company_domain(company),
            ("account_type", "=", "income"),
        ],
        limit=1,
    )
    if not journal or not income:
        stop("no sales journal or income account after loading a chart.")
    company.property_billing_auto_post = True
    product = env["product.product"].create(
        {
            "name": "物业管理费 Property Management Fee",
            "type": "service",
            "taxes_id": [Command.clear()],
            "property_account_income_id": income.id,
        }
    )
    return company, journal, product


def seed(env, n):
    from odoo import Command

    quiet = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
    env = env(context=dict(env.context, **quiet))
    company, journal, product = accounting_setup(env)
    fee = env["property.fee.type"].create(
        {
            "name": "Property Fee",
            "basis": "area",
            "product_id": product.id,
            "company_id": company.id,
            "rate_ids": [Command.create({"date_from": OWNED_SINCE, "rate": RATE})],
        }
    )
    community = env["property.community"].create(
        {"name": "Jade Lake Garden 翡翠湖花园", "code": "JLG", "company_id": company.id}
    )
    buildings = env["property.building"].create(
        [
            {
                "name": f"Building {b + 1}",
                "code": str(b + 1),
                "floors": 24,
                "community_id": community.id,
            }
            for b in range(-(-n // UNITS_PER_BUILDING))
        ]
    )
    env.cr.commit()
    rng = random.Random(20260101)
    started = time.perf_counter()
    for offset in range(0, n, SEED_BATCH):
        indexes = range(offset, min(offset + SEED_BATCH, n))
        partners = env["res.partner"].create(
            [{"name": chinese_name(rng)} for _ in indexes]
        )
        units = env["property.unit"].create(
            [unit_vals(buildings, i, round(rng.uniform(60, 140), 2)) for i in indexes]
        )
        env["property.occupancy"].create(
            [
                {
                    "unit_id": unit.id,
                    "partner_id": partner.id,
                    "role": "owner",
                    "share": 100,
                    "date_start": OWNED_SINCE,
                }
                for unit, partner in zip(units, partners, strict=True)
            ]
        )
        env["property.fee.contract"].create(
            [
                {
                    "unit_id": unit.id,
                    "partner_id": partner.id,
                    "date_start": BILLING_DATE,
                    "cycle": "monthly",
                    "billing_mode": "advance",
                    "line_ids": [Command.create({"fee_type_id": fee.id})],
                }
                for unit, partner in zip(units, partners, strict=True)
            ]
        ).action_activate()
        env["contract.contract"].create(
            [
                _oca_contract_vals(unit, partner, journal, product)
                for unit, partner in zip(units, partners, strict=True)
            ]
        )
        env.cr.commit()
        say(
            f"seed: {indexes[-1] + 1}/{n} units and contracts, "
            f"{time.perf_counter() - started:.0f} s"
        )
    analyze(env)


def _oca_contract_vals(unit, partner, journal, product):
    """An OCA sale contract billing the same amount as our fee contract."""
    from odoo import Command

    recurrence = {
        "recurring_rule_type": "monthly",
        "recurring_interval": 1,
        "recurring_invoicing_type": "pre-paid",
        "date_start": BILLING_DATE,
        "recurring_next_date": BILLING_DATE,
    }
    return {
        "name": f"Property fees {unit.code}",
        "partner_id": partner.id,
        "contract_type": "sale",
        "journal_id": journal.id,
        "line_recurrence": False,
        **recurrence,
        "contract_line_ids": [
            Command.create(
                {
                    "product_id": product.id,
                    "name": "Property Fee #START# - #END#",
                    "quantity": 1,
                    "uom_id": product.uom_id.id,
                    "price_unit": unit.company_id.currency_id.round(unit.area * RATE),
                    **recurrence,
                }
            )
        ],
    }


# ----------------------------------------------------------------------
# The two sides
# ----------------------------------------------------------------------
def seeded_count(env):
    env.cr.execute("SELECT count(*) FROM property_fee_contract WHERE state = 'active'")
    ours = env.cr.fetchone()[0]
    env.cr.execute("SELECT count(*) FROM contract_contract WHERE active")
    oca = env.cr.fetchone()[0]
    if ours != oca:
        stop(f"the database holds {ours} fee contracts but {oca} OCA contracts.")
    return ours


def ours_move_ids(env):
    env.cr.execute(
        "SELECT id FROM account_move WHERE property_contract_id IS NOT NULL ORDER BY id"
    )
    return [row[0] for row in env.cr.fetchall()]


def oca_move_ids(env):
    env.cr.execute(
        "SELECT DISTINCT move_id FROM account_move_line "
        "WHERE contract_line_id IS NOT NULL ORDER BY move_id"
    )
    return [row[0] for row in env.cr.fetchall()]


def run_ours(env, batch_size):
    if ours_move_ids(env):
        stop("property_billing already billed this database: seed it again.")
    analyze(env)
    kwargs = {"batch_size": batch_size} if batch_size else {}
    cr = env.cr
    started, queries = time.perf_counter(), cr.sql_log_count
    run = env["property.billing.run"].create(
        {"date": BILLING_DATE, "company_id": env.company.id}
    )
    run._start()
    cr.commit()
    batch = 0
    while run._process_batch(**kwargs):
        cr.commit()  # as the scheduler does after each call
        batch += 1
        say(
            f"ours: batch {batch}, {run.processed_count}/{run.contract_count} "
            f"contracts, {time.perf_counter() - started:.1f} s"
        )
    cr.commit()
    seconds = time.perf_counter() - started
    queries = cr.sql_log_count - queries
    moves = env["account.move"].browse(ours_move_ids(env))
    contracts = env["property.fee.contract"].search([("state", "=", "active")])
    currency = env.company.currency_id
    expected_total = sum(
        currency.round(area * RATE) for area in contracts.unit_id.mapped("area")
    )
    verify(env, "ours", moves, len(contracts), expected_total)
    return result("ours", len(contracts), len(moves), seconds, queries)


def run_oca(env, limit):
    if oca_move_ids(env):
        stop("the OCA contracts already billed this database: seed it again.")
    analyze(env)
    cr = env.cr
    Contract = env["contract.contract"]
    heartbeat = Heartbeat(cr)
    heartbeat.start()
    try:
        started, queries = time.perf_counter(), cr.sql_log_count
        if limit:
            # The cron's own code, on the first contracts only.
            contracts = Contract.search(
                Contract._get_contracts_to_invoice_domain(BILLING_DATE)
                + [("generation_type", "=", "invoice")],
                order="id",
                limit=limit,
            )
            contracts.with_company(env.company)._recurring_create_invoice(BILLING_DATE)
        else:
            Contract.cron_recurring_create_invoice(BILLING_DATE)
        created = time.perf_counter()
        moves = env["account.move"].search(
            [("line_ids.contract_line_id", "!=", False), ("state", "=", "draft")]
        )
        moves._post(soft=False)
        cr.commit()
        seconds = time.perf_counter() - started
        queries = cr.sql_log_count - queries
    finally:
        heartbeat.done.set()
    say(
        f"oca: {len(moves)} invoices created in {created - started:.1f} s, "
        f"posted in {started + seconds - created:.1f} s"
    )
    moves = env["account.move"].browse(oca_move_ids(env))
    billed = moves.invoice_line_ids.contract_line_id.contract_id
    expected_total = sum(
        line.price_unit * line.quantity for line in billed.contract_line_ids
    )
    n = seeded_count(env)
    expected_count = min(limit, n) if limit else n
    verify(env, "oca", moves, expected_count, expected_total)
    subset = f" (--oca-limit: first {expected_count} of {n})" if limit else ""
    return result("oca", expected_count, len(moves), seconds, queries, subset)


class Heartbeat(threading.Thread):
    """The OCA cron bills everything in one call: show that it is alive."""

    def __init__(self, cr, interval=60):
        super().__init__(daemon=True)
        self.cr, self.interval = cr, interval
        self.done = threading.Event()

    def run(self):
        started, queries = time.perf_counter(), self.cr.sql_log_count
        while not self.done.wait(self.interval):
            say(
                f"oca: running for {time.perf_counter() - started:.0f} s, "
                f"{self.cr.sql_log_count - queries} queries so far"
            )


def verify(env, side, moves, expected_count, expected_total):
    """N invoices, all posted, each balanced, for the expected total."""
    cr, ids = env.cr, moves.ids or [0]
    cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE state = 'posted'), "
        "count(DISTINCT partner_id), COALESCE(sum(amount_total), 0) "
        "FROM account_move WHERE id = ANY(%s) AND move_type = 'out_invoice'",
        [ids],
    )
    count, posted, partners, total = cr.fetchone()
    cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE unbalanced) FROM ("
        "  SELECT round(sum(debit) - sum(credit), 2) != 0 OR count(*) < 2"
        "         AS unbalanced"
        "    FROM account_move_line WHERE move_id = ANY(%s) GROUP BY move_id"
        ") AS moves",
        [ids],
    )
    with_lines, unbalanced = cr.fetchone()
    problems = []
    if count != expected_count or len(moves) != expected_count:
        problems.append(f"{count} invoices instead of {expected_count}")
    if posted != count:
        problems.append(f"{count - posted} not posted")
    if partners != count:
        problems.append(f"{partners} customers for {count} invoices")
    if with_lines != count or unbalanced:
        problems.append(f"{count - with_lines + unbalanced} unbalanced")
    if round(float(total), 2) != round(expected_total, 2):
        problems.append(f"total {total:.2f} instead of {expected_total:.2f}")
    if problems:
        stop(f"{side}: wrong invoices: {'; '.join(problems)}.")
    say(
        f"{side}: verified {count} invoices: all posted, each balanced, "
        f"one per customer, total {total:,.2f}"
    )


def result(side, n, invoices, seconds, queries, note=""):
    summary = {
        "side": side,
        "n": n,
        "invoices": invoices,
        "seconds": round(seconds, 2),
        "invoices_per_s": round(invoices / seconds, 2),
        "queries": queries,
        "queries_per_invoice": round(queries / invoices, 1),
    }
    say(
        f"RESULT {side}: N={n} invoices={invoices} seconds={summary['seconds']:.2f} "
        f"invoices/s={summary['invoices_per_s']:.2f} queries={queries} "
        f"queries/invoice={summary['queries_per_invoice']:.1f}{note}"
    )
    return summary


def print_ratio(ours, oca):
    say(
        f"RESULT ratio ours/oca: {ours['invoices_per_s'] / oca['invoices_per_s']:.1f}x "
        f"invoices/s ({ours['invoices_per_s']:.2f} vs {oca['invoices_per_s']:.2f}), "
        f"{oca['queries_per_invoice'] / ours['queries_per_invoice']:.1f}x fewer "
        f"queries per invoice"
    )


# ----------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------
def parse_args():
    parser = side_parser(
        __doc__,
        "property_billing_bench",
        "units and contracts to seed",
        "both (default): seed, then bill ours, then OCA, in this process",
        "seed and both recreate the database; ours and oca bill the "
        "database seeded before, once each.",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        help="contracts per property_billing batch (default: the module's)",
    )
    parser.add_argument(
        "--oca-limit",
        type=int,
        help="bill only the first OCA contracts, e.g. to estimate a slow run",
    )
    return parsed(parser, "units")


def main():
    args = parse_args()
    seeding = args.side in ("both", "seed")
    if seeding:
        say(f"Creating database {args.db} and installing {', '.join(MODULES)} ...")
        recreate_database(args.db)
    elif not database_exists(args.db):
        stop(f"database {args.db} does not exist: seed it with --side seed first.")
    started = time.perf_counter()
    registry = load_registry(args.db, MODULES if seeding else ())
    env = new_env(registry)
    try:
        describe_machine(env)
        if seeding:
            say(f"Installed in {time.perf_counter() - started:.0f} s; seeding ...")
            started = time.perf_counter()
            seed(env, args.n)
            say(f"Seeded {args.n} units in {time.perf_counter() - started:.0f} s.")
        n = seeded_count(env)
        if args.n and args.n != n:
            stop(f"database {args.db} was seeded with {n} units, not {args.n}.")
        Params = env["ir.config_parameter"]
        if args.side in ("both", "ours"):
            ours = run_ours(env, args.batch_size)
            Params.set_param(OURS_RESULT_PARAM, json.dumps(ours))
            env.cr.commit()
        if args.side in ("both", "oca"):
            oca = run_oca(env, args.oca_limit)
            ours = Params.get_param(OURS_RESULT_PARAM)
            if ours:
                print_ratio(json.loads(ours), oca)
    finally:
        env.cr.close()


if __name__ == "__main__":
    main()
