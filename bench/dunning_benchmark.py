#!/usr/bin/env python3
"""Benchmark dunning: property_collection's dunning run against OCA credit control.

Seeds N overdue monthly fee invoices over about N/2 payers (one unit each, 1-4
overdue bills, due 1-200 days ago; a few large debtors; some with a payment
history of bills paid on time or late, some with a partial payment), then
assesses them on each side and reports wall time and SQL queries per invoice,
after checking what each side produced:

- ours: a ``property.dunning.run`` on the seeding day and ``action_run()``,
  with the module's gentle, standard and firm policies: one open case per
  payer with overdue bills;
- OCA: a ``credit.control.run`` on the same day and ``generate_credit_lines()``
  with a four-level ``account_credit_control`` policy on the receivable
  account: one credit control line per invoice overdue for 7 days or more.

    python3 bench/dunning_benchmark.py --n 10000                # seed, ours, OCA
    python3 bench/dunning_benchmark.py --n 10000 --side seed    # seed only
    python3 bench/dunning_benchmark.py --side ours              # on that database
    python3 bench/dunning_benchmark.py --side oca               # then this one

``--side ours`` and ``--side oca`` assess a database seeded before, once each;
run them one after the other, not together, or each disturbs the other's
timing. When ours has run on the database, the OCA side also prints the ratio.
See bench/README.md.
"""

import cProfile
import json
import pstats
import random
import sys
import threading
import time
from collections import defaultdict
from datetime import date, timedelta

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

MODULES = ("property_collection", "account_credit_control")
SEED_BATCH = 1000  # invoices created and posted per transaction, about
RATE = 2.5  # property fee per m² and month
OCA_FIRST_DELAY = 7  # days past due before the OCA policy's first level
RUN_DATE_PARAM = "dunning_benchmark.run_date"
OURS_RESULT_PARAM = "dunning_benchmark.ours_result"
TARGET_RATIO = 10  # at N = 10,000
TARGET_SECONDS = 120  # ours, at N = 100,000

# Every channel here reaches the payer through a person: our message level
# goes on the list of notices to deliver, so the run queues no email and no SMS
# (credit control sends nothing either). WeChat is not among them: without a
# WeChat connector, the notification service tries the payer's email or SMS.
CHANNELS = (("phone", 55), ("paper", 45))


# ----------------------------------------------------------------------
# Seeding
# ----------------------------------------------------------------------


def plan_payers(n, run_date, rng):
    """Payers owing ``n`` overdue invoices in all, as dictionaries: 1-4
    consecutive monthly bills each (2 on average), the oldest due 1-200 days
    before ``run_date``; 3% large debtors (shops, arrears); 35% with a
    history of bills paid on time or late in the last year; 10% with a
    partial payment on their oldest bill."""
    payers, left = [], n
    channels, weights = zip(*CHANNELS, strict=True)
    while left:
        count = min(rng.choices((1, 2, 3, 4), weights=(40, 30, 20, 10))[0], left)
        left -= count
        area = round(rng.uniform(60, 140), 2)
        fee = round(area * RATE, 2)
        if rng.random() < 0.03:
            fee = round(rng.uniform(1500, 6000), 2)
        oldest = rng.randint(1 + 30 * (count - 1), 200)
        overdue = [
            (run_date - timedelta(days=oldest - 30 * month), fee)
            for month in range(count)
        ]
        history = []
        if rng.random() < 0.35:
            for month in range(1, rng.randint(1, 4) + 1):
                due = overdue[0][0] - timedelta(days=30 * month)
                if (run_date - due).days > 360:
                    break
                late = rng.choices(
                    (rng.randint(-10, 0), rng.randint(10, 40), rng.randint(41, 90)),
                    weights=(60, 30, 10),
                )[0]
                paid = min(due + timedelta(days=late), run_date - timedelta(days=1))
                history.append((due, fee, max(paid, due - timedelta(days=14))))
        partial = None
        if rng.random() < 0.10:
            due = overdue[0][0]
            paid = min(
                due + timedelta(days=rng.randint(0, 20)), run_date - timedelta(days=1)
            )
            partial = (round(fee * rng.uniform(0.3, 0.7), 2), paid)
        payers.append(
            {
                "name": chinese_name(rng),
                "channel": rng.choices(channels, weights=weights)[0],
                "email": rng.random() < 0.4,
                "area": area,
                "overdue": overdue,
                "history": history,
                "partial": partial,
            }
        )
    return payers


def accounting_setup(env):
    """Journals, the receivable, cash and income accounts, the fee product."""
    from odoo import Command

    company = env.company
    Journal = env["account.journal"]

    def journal(kind):
        return Journal.search(
            [("type", "=", kind), ("company_id", "=", company.id)], limit=1
        )

    if not journal("sale"):
        env["account.chart.template"].try_loading("generic_coa", company)
    income = env["account.account"].search(
        [
            *env["account.account"]._check_company_domain(company),
            ("account_type", "=", "income"),
        ],
        limit=1,
    )
    sale, misc, bank = journal("sale"), journal("general"), journal("bank")
    if not (sale and misc and bank.default_account_id and income):
        stop("no sales, miscellaneous or bank journal, or no income account.")
    product = env["product.product"].create(
        {
            "name": "物业管理费 Property Management Fee",
            "type": "service",
            "taxes_id": [Command.clear()],
            "property_account_income_id": income.id,
        }
    )
    return {
        "company": company,
        "sale": sale,
        "misc": misc,
        "cash": bank.default_account_id,
        "product": product,
        "income": income,
        "numbers": defaultdict(int),
    }


def seed(env, n, run_date):
    quiet = {
        "tracking_disable": True,
        "mail_create_nolog": True,
        "mail_create_nosubscribe": True,
        "mail_notrack": True,
    }
    env = env(context=dict(env.context, **quiet))
    setup = accounting_setup(env)
    rng = random.Random(20261128)
    payers = plan_payers(n, run_date, rng)
    community = env["property.community"].create(
        {
            "name": "Jade Lake Garden 翡翠湖花园",
            "code": "JLG",
            "company_id": setup["company"].id,
        }
    )
    buildings = env["property.building"].create(
        [
            {
                "name": f"Building {b + 1}",
                "code": str(b + 1),
                "floors": 24,
                "community_id": community.id,
            }
            for b in range(-(-len(payers) // UNITS_PER_BUILDING))
        ]
    )
    env["ir.config_parameter"].set_param(RUN_DATE_PARAM, run_date.isoformat())
    env.cr.commit()
    started, done, invoices = time.perf_counter(), 0, 0
    for chunk in chunks(payers):
        invoices += seed_payers(env, setup, buildings, done, chunk, rng)
        done += len(chunk)
        env.cr.commit()
        say(
            f"seed: {done}/{len(payers)} payers, {invoices} invoices, "
            f"{time.perf_counter() - started:.0f} s"
        )
    analyze(env)
    return len(payers)


def chunks(payers):
    """Runs of payers owning about SEED_BATCH invoices together."""
    chunk, size = [], 0
    for payer in payers:
        chunk.append(payer)
        size += len(payer["overdue"]) + len(payer["history"])
        if size >= SEED_BATCH:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def seed_payers(env, setup, buildings, first, payers, rng):
    """Partners, units, occupancies, posted invoices and payments of
    ``payers``; return the number of invoices created."""
    partners = env["res.partner"].create(
        [
            {
                "name": payer["name"],
                "property_contact_channel": payer["channel"],
                "mobile": f"13{rng.randint(100000000, 999999999)}",
                "email": f"payer{first + i}@example.com" if payer["email"] else False,
            }
            for i, payer in enumerate(payers)
        ]
    )
    units = env["property.unit"].create(
        [
            unit_vals(buildings, first + i, payer["area"])
            for i, payer in enumerate(payers)
        ]
    )
    env["property.occupancy"].create(
        [
            {
                "unit_id": unit.id,
                "partner_id": partner.id,
                "role": "owner",
                "share": 100,
                "date_start": "2015-01-01",
            }
            for unit, partner in zip(units, partners, strict=True)
        ]
    )
    vals_list, payments = [], []
    for payer, partner, unit in zip(payers, partners, units, strict=True):
        bills = [(due, fee, None) for due, fee in payer["overdue"]]
        if payer["partial"]:
            amount, paid = payer["partial"]
            bills[0] = (bills[0][0], bills[0][1], (amount, paid))
        bills += [(due, fee, (fee, paid)) for due, fee, paid in payer["history"]]
        for due, fee, payment in bills:
            vals_list.append(_invoice_vals(setup, partner, unit, due, fee))
            payments.append(payment)
    Move = env["account.move"].with_context(skip_invoice_sync=True)
    moves = Move.create(vals_list)
    moves._post(soft=False)
    moves = moves.with_env(env)
    _pay(env, setup, moves, payments)
    return len(moves)


def _invoice_vals(setup, partner, unit, due, fee):
    """A monthly fee bill issued 15 days before it is due, with its product
    and receivable lines spelled out: what the ORM's invoice sync would
    compute for a bill without taxes or payment terms, so that seeding skips
    it (``skip_invoice_sync``)."""
    from odoo import Command

    issued = due - timedelta(days=15)
    return {
        "move_type": "out_invoice",
        "journal_id": setup["sale"].id,
        "name": _next_name(setup, setup["sale"], issued),
        "partner_id": partner.id,
        "invoice_date": issued,
        "invoice_date_due": due,
        "property_unit_id": unit.id,
        "line_ids": [
            Command.create(
                {
                    "display_type": "product",
                    "product_id": setup["product"].id,
                    "name": f"物业管理费 Property fee {issued:%Y-%m}",
                    "quantity": 1,
                    "price_unit": fee,
                    "tax_ids": [Command.clear()],
                    "account_id": setup["income"].id,
                    "balance": -fee,
                    "amount_currency": -fee,
                }
            ),
            Command.create(
                {
                    "display_type": "payment_term",
                    "account_id": partner.property_account_receivable_id.id,
                    "balance": fee,
                    "amount_currency": fee,
                    "date_maturity": due,
                }
            ),
        ],
    }


def _next_name(setup, journal, day):
    """The journal's next number, given at creation: the ORM would look up
    the last one for each move it posts, the slowest part of seeding."""
    numbers = setup["numbers"]
    numbers[journal, day.year] += 1
    return f"{journal.code}/{day.year}/{numbers[journal, day.year]:05d}"


def _pay(env, setup, moves, payments):
    """Record the payments (``(amount, date)`` or None, one per move) as
    bank receipts, one journal entry per day, and reconcile them with their
    invoices: full payments make the payment history, partial ones leave
    part of the oldest overdue bill open."""
    from odoo import Command

    by_day = defaultdict(list)
    for move, payment in zip(moves, payments, strict=True):
        if payment:
            receivable = move.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            )
            by_day[payment[1]].append((receivable, payment[0]))
    if not by_day:
        return
    entries = env["account.move"].create(
        [
            {
                "move_type": "entry",
                "journal_id": setup["misc"].id,
                "date": day,
                "name": _next_name(setup, setup["misc"], day),
                "ref": f"Bank receipts {day}",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": setup["cash"].id,
                            "debit": round(sum(amount for _line, amount in paid), 2),
                            "name": "Bank receipts",
                        }
                    ),
                    *(
                        Command.create(
                            {
                                "account_id": line.account_id.id,
                                "partner_id": line.partner_id.id,
                                "credit": amount,
                                "name": f"Payment {line.move_id.name}",
                            }
                        )
                        for line, amount in paid
                    ),
                ],
            }
            for day, paid in sorted(by_day.items())
        ]
    )
    entries._post(soft=False)
    plan = []
    for entry, (_day, paid) in zip(entries, sorted(by_day.items()), strict=True):
        credits = entry.line_ids.filtered("partner_id")
        for (line, _amount), credit in zip(paid, credits, strict=True):
            plan.append(line | credit)
    env["account.move.line"]._reconcile_plan(plan)


# ----------------------------------------------------------------------
# What was seeded
# ----------------------------------------------------------------------
def run_date_of(env):
    value = env["ir.config_parameter"].get_param(RUN_DATE_PARAM)
    if not value:
        stop(f"database {env.cr.dbname} was not seeded by this script.")
    return date.fromisoformat(value)


def overdue_figures(env, run_date, delay=1):
    """``(invoices, payers, amount)`` of the fee invoices overdue on
    ``run_date`` by ``delay`` days or more."""
    env.cr.execute(
        """
        SELECT count(*), count(DISTINCT l.partner_id),
               COALESCE(sum(l.amount_residual), 0)
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id
          JOIN account_account a ON a.id = l.account_id
         WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
           AND m.property_unit_id IS NOT NULL
           AND a.account_type = 'asset_receivable' AND NOT l.reconciled
           AND l.amount_residual > 0
           AND l.date_maturity <= %s::date - %s
        """,
        [run_date, delay],
    )
    invoices, payers, amount = env.cr.fetchone()
    return invoices, payers, float(amount)


def seeded_count(env, run_date):
    invoices, payers, amount = overdue_figures(env, run_date)
    env.cr.execute(
        "SELECT count(*) FROM account_move WHERE move_type = 'out_invoice' "
        "AND state = 'posted'"
    )
    say(
        f"seeded: {invoices} overdue invoices of {payers} payers, "
        f"{amount:,.2f} overdue, {env.cr.fetchone()[0]} invoices in all; "
        f"run date {run_date}"
    )
    return invoices, payers, amount


# ----------------------------------------------------------------------
# The two sides
# ----------------------------------------------------------------------
class Heartbeat(threading.Thread):
    """Each side assesses everything in one call: show that it is alive."""

    def __init__(self, side, cr, interval=60):
        super().__init__(daemon=True)
        self.side, self.cr, self.interval = side, cr, interval
        self.done = threading.Event()

    def run(self):
        started, queries = time.perf_counter(), self.cr.sql_log_count
        while not self.done.wait(self.interval):
            say(
                f"{self.side}: running for {time.perf_counter() - started:.0f} s, "
                f"{self.cr.sql_log_count - queries} queries so far"
            )


def timed(side, env, call, profile=None):
    """Run ``call()`` then commit; return (result, seconds, queries)."""
    cr = env.cr
    heartbeat = Heartbeat(side, cr)
    heartbeat.start()
    profiler = cProfile.Profile() if profile else None
    try:
        started, queries = time.perf_counter(), cr.sql_log_count
        if profiler:
            profiler.enable()
        value = call()
        cr.commit()
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        queries = cr.sql_log_count - queries
    finally:
        heartbeat.done.set()
    if profiler:
        path = f"{profile}.{side}"
        profiler.dump_stats(path)
        stats = pstats.Stats(profiler, stream=sys.stdout)
        say(f"{side}: profile saved to {path}; the top functions by own time:")
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
    return value, seconds, queries


def ensure_our_policies(env):
    """The gentle, standard and firm policies the module installs
    (data/property_dunning_data.xml)."""
    policies = env["property.dunning.policy"].search(
        [("company_id", "=", env.company.id)]
    )
    segments = set(policies.mapped("segment"))
    if segments != {"gentle", "standard", "firm"}:
        stop(f"expected the gentle, standard and firm policies, found {segments}.")
    return policies


def run_ours(env, run_date, n, payers, profile):
    Case = env["property.dunning.case"]
    if Case.search_count([]):
        stop("our dunning already assessed this database: seed it again.")
    ensure_our_policies(env)
    analyze(env)

    def call():
        run = env["property.dunning.run"].create(
            {"date": run_date, "company_id": env.company.id}
        )
        run.action_run()
        return run

    run, seconds, queries = timed("ours", env, call, profile)
    cr = env.cr
    cr.execute(
        "SELECT count(*), COALESCE(sum(amount_due), 0), count(DISTINCT partner_id) "
        "FROM property_dunning_case WHERE state != 'closed'"
    )
    cases, amount, case_payers = cr.fetchone()
    cr.execute(
        "SELECT kind, count(*) FROM property_dunning_event WHERE run_id = %s "
        "GROUP BY kind ORDER BY kind",
        [run.id],
    )
    events = dict(cr.fetchall())
    cr.execute(
        "SELECT segment, count(*) FROM property_dunning_case "
        "WHERE state != 'closed' GROUP BY 1 ORDER BY 1"
    )
    segments = dict(cr.fetchall())
    cr.execute(
        "SELECT count(*) FROM mail_activity WHERE res_model = 'property.dunning.case'"
    )
    activities = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM property_dunning_event WHERE run_id = %s "
        "AND kind = 'level' AND action = 'message' AND delivery_state = 'pending'",
        [run.id],
    )
    notices = cr.fetchone()[0]
    cr.execute(
        "SELECT (SELECT count(*) FROM mail_mail), (SELECT count(*) FROM sms_sms)"
    )
    mails, sms = cr.fetchone()
    _invoices, _payers, overdue = overdue_figures(env, run_date)
    problems = []
    if run.state != "done":
        problems.append(f"run in state {run.state}")
    if cases != payers or case_payers != payers:
        problems.append(f"{cases} open cases for {payers} payers with overdue bills")
    if round(float(amount), 2) != round(overdue, 2):
        problems.append(f"cases owe {amount:,.2f}, not {overdue:,.2f}")
    if not events.get("level"):
        problems.append("no case reached a level")
    if notices + activities != events.get("level", 0):
        problems.append(
            f"{notices} notices to deliver and {activities} activities for "
            f"{events.get('level')} levels"
        )
    if mails or sms:
        problems.append(f"{mails} emails and {sms} SMS queued")
    if problems:
        stop(f"ours: wrong result: {'; '.join(problems)}.")
    say(
        f"ours: verified {cases} open cases, one per payer with overdue bills, "
        f"owing {amount:,.2f}; events {events}; {notices} notices to deliver, "
        f"{activities} to-do activities, no email, no SMS; segments {segments}"
    )
    return result("ours", n, seconds, queries, f"cases={cases}", profile)


def oca_policy(env, company):
    """A four-level credit control policy on the receivable account, the
    company's default, the way account_credit_control's data and tests set
    one up; letters and calls only, so no email is sent."""
    from odoo import Command

    env.cr.execute(
        "SELECT DISTINCT a.id FROM account_move_line l "
        "JOIN account_account a ON a.id = l.account_id "
        "WHERE a.account_type = 'asset_receivable'"
    )
    receivable = env["account.account"].browse(row[0] for row in env.cr.fetchall())
    template = env.ref("account_credit_control.email_template_credit_control_base")
    levels = [
        (1, "Reminder", "net_days", OCA_FIRST_DELAY, "letter"),
        (2, "Collector call", "end_of_month", 30, "phone"),
        (3, "Second reminder", "previous_date", 15, "letter"),
        (4, "Formal demand", "previous_date", 30, "letter"),
    ]
    policy = env["credit.control.policy"].create(
        {
            "name": "Property fees",
            "company_id": company.id,
            "account_ids": [Command.set(receivable.ids)],
            "level_ids": [
                Command.create(
                    {
                        "level": level,
                        "name": name,
                        "computation_mode": mode,
                        "delay_days": delay,
                        "channel": channel,
                        "email_template_id": template.id,
                        "custom_text": f"{name}: your property fees are overdue.",
                        "custom_mail_text": f"<p>{name}: your property fees are "
                        "overdue.</p>",
                    }
                )
                for level, name, mode, delay, channel in levels
            ],
        }
    )
    company.credit_policy_id = policy
    return policy


def run_oca(env, run_date, n, profile):
    if env["credit.control.run"].search_count([]):
        stop("credit control already assessed this database: seed it again.")
    company = env.company
    # The module installs sample policies, one of them the company's
    # default: replace it with a policy on our receivable account.
    policy = oca_policy(env, company)
    env.cr.commit()
    analyze(env)

    def call():
        run = env["credit.control.run"].create(
            {
                "date": run_date,
                "company_id": company.id,
                "policy_ids": [(6, 0, policy.ids)],
            }
        )
        run.generate_credit_lines()
        return run

    run, seconds, queries = timed("oca", env, call, profile)
    cr = env.cr
    cr.execute(
        "SELECT count(*), count(DISTINCT move_line_id), COALESCE(sum(balance_due), 0), "
        "count(*) FILTER (WHERE level = 1), count(DISTINCT partner_id) "
        "FROM credit_control_line WHERE run_id = %s",
        [run.id],
    )
    lines, move_lines, amount, first_level, partners = cr.fetchone()
    cr.execute("SELECT count(*) FROM mail_mail")
    mails = cr.fetchone()[0]
    expected, _payers, expected_amount = overdue_figures(env, run_date, OCA_FIRST_DELAY)
    problems = []
    if run.state != "done":
        problems.append(f"run in state {run.state}")
    if not lines or lines != expected or move_lines != lines or first_level != lines:
        problems.append(
            f"{lines} credit lines ({first_level} at level 1) for {expected} "
            f"invoices overdue by {OCA_FIRST_DELAY} days or more"
        )
    if round(float(amount), 2) != round(expected_amount, 2):
        problems.append(f"lines owe {amount:,.2f}, not {expected_amount:,.2f}")
    if mails:
        problems.append(f"{mails} emails queued")
    if problems:
        stop(f"oca: wrong result: {'; '.join(problems)}.")
    say(
        f"oca: verified {lines} credit control lines at level 1, one per invoice "
        f"overdue by {OCA_FIRST_DELAY} days or more, of {partners} payers, owing "
        f"{amount:,.2f}; no email"
    )
    return result("oca", n, seconds, queries, f"credit_lines={lines}", profile)


def result(side, n, seconds, queries, produced, profile=None):
    summary = {
        "side": side,
        "n": n,
        "seconds": round(seconds, 2),
        "invoices_per_s": round(n / seconds, 1),
        "queries": queries,
        "queries_per_invoice": round(queries / n, 2),
    }
    note = " (profiled: slower than unprofiled)" if profile else ""
    say(
        f"RESULT {side}: N={n} seconds={summary['seconds']:.2f} "
        f"invoices/s={summary['invoices_per_s']:.1f} queries={queries} "
        f"queries/invoice={summary['queries_per_invoice']:.2f} {produced}{note}"
    )
    if side == "ours" and n >= 100_000:
        verdict = "met" if seconds < TARGET_SECONDS else "missed"
        say(f"RESULT target ours under {TARGET_SECONDS} s at N={n}: {verdict}")
    return summary


def print_ratio(ours, oca):
    """How many times faster ours is: OCA's seconds over ours."""
    ratio = oca["seconds"] / ours["seconds"]
    verdict = "met" if ratio >= TARGET_RATIO else "missed"
    say(
        f"RESULT ratio oca_seconds/ours_seconds: {ratio:.2f} ({oca['seconds']:.2f} s "
        f"vs {ours['seconds']:.2f} s); queries per invoice oca "
        f"{oca['queries_per_invoice']:.2f} vs ours {ours['queries_per_invoice']:.2f}; "
        f"target ours {TARGET_RATIO}x faster: {verdict}"
    )


# ----------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------
def parse_args():
    parser = side_parser(
        __doc__,
        "property_dunning_bench",
        "overdue invoices to seed",
        "both (default): seed, then ours, then OCA, in this process",
        "seed and both recreate the database; ours and oca assess the "
        "database seeded before, once each.",
    )
    parser.add_argument(
        "--profile",
        metavar="PATH",
        help="profile each side with cProfile, print its hot spots and save "
        "the statistics to PATH.ours / PATH.oca (slows the side down)",
    )
    return parsed(parser, "invoices")


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
            payers = seed(env, args.n, date.today())
            say(
                f"Seeded {args.n} overdue invoices of {payers} payers in "
                f"{time.perf_counter() - started:.0f} s."
            )
        run_date = run_date_of(env)
        n, payers, _amount = seeded_count(env, run_date)
        if args.n and args.n != n:
            stop(f"database {args.db} holds {n} overdue invoices, not {args.n}.")
        Params = env["ir.config_parameter"]
        if args.side in ("both", "ours"):
            ours = run_ours(env, run_date, n, payers, args.profile)
            Params.set_param(OURS_RESULT_PARAM, json.dumps(ours))
            env.cr.commit()
        if args.side in ("both", "oca"):
            oca = run_oca(env, run_date, n, args.profile)
            ours = Params.get_param(OURS_RESULT_PARAM)
            if ours:
                print_ratio(json.loads(ours), oca)
    finally:
        env.cr.close()


if __name__ == "__main__":
    main()
