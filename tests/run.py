#!/usr/bin/env python3
"""Run the property suite's tests on real Odoo 18 and PostgreSQL.

Three phases, all of them when run without arguments, as CI does:

1. ``suite``: creates a fresh database, installs every suite module with its
   demo data (the install log must be free of warnings and errors), then runs
   every test of the add-ons and of this folder with pytest-odoo, browser tours
   included.
2. ``odoo``: on that same database, Odoo's own test runner runs the
   post-install tests of the Odoo and OCA add-ons the suite builds on
   (ODOO_TESTS), but for the tests named in EXCLUDED_TESTS with their reason.
3. ``alone``: each suite module is installed alone, with its demo data, on a
   fresh database of its own, and Odoo's test runner runs its own tests there,
   the way OCA's CI tests add-ons: this proves that every module declares what
   it and its tests need.

Phases 2 and 3 fail on any failed test and on any warning or error in their
log; their full logs stay in ``<temp dir>/property-tests-logs/<database>``.

Extra arguments go to pytest, e.g. ``python3 tests/run.py -k portal``; test
files or folders among them replace the default ones. With arguments, only the
suite phase runs. PROPERTY_TEST_PHASES picks the phases, e.g.
``PROPERTY_TEST_PHASES=odoo,alone``.

PostgreSQL is reached through the usual PG* environment variables (PGHOST,
PGPORT, PGUSER, PGPASSWORD), by default on the local socket. PROPERTY_TEST_DB
names the database (default ``property_test``); it is dropped first, and so are
the ``<PROPERTY_TEST_DB>_<module>`` databases of the alone phase.
PROPERTY_TEST_HTTP_PORT sets the port of the test server (default 8069), so that
two runs can share a machine. While developing, PROPERTY_TEST_UPDATE=module,...
keeps the database and only updates those modules before the tests (then only
the suite phase runs, unless PROPERTY_TEST_PHASES says otherwise).

The tests need no add-on that their module does not declare: nothing is
installed beside the suite. Odoo 18 has no manifest key for test-only
dependencies; an add-on a test needs is declared in its module's ``depends``.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
PHASES = ("suite", "odoo", "alone")
LOG_PROBLEM = re.compile(r" (WARNING|ERROR|CRITICAL) |^Traceback ", re.MULTILINE)
# In Odoo's info-level log, only the level of a line counts: some info lines
# carry a traceback on purpose.
ODOO_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) ")
ODOO_RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
LOG_DIR = Path(tempfile.gettempdir()) / "property-tests-logs"

# Post-install tests of the Odoo and OCA add-ons the suite extends, as their
# authors run them, on the database with the whole suite and its demo data.
ODOO_TESTS = [
    # Invoices and credit notes, customer and vendor.
    "/account:TestAccountMoveOutInvoiceOnchanges",
    "/account:TestAccountMoveOutRefundOnchanges",
    "/account:TestAccountMoveInInvoiceOnchanges",
    "/account:TestAccountMoveInRefundOnchanges",
    # Journal entries.
    "/account:TestAccountMove",
    # Payments, registering them on invoices, the invoice's payments widget.
    "/account:TestAccountPayment",
    "/account:TestAccountPaymentRegister",
    "/account:TestAccountMovePaymentsWidget",
    # Reconciliation.
    "/account:TestAccountMoveReconcile",
    # Invoices in the portal.
    "/account:TestPortalInvoice",
    "/account_payment",
    "/portal",
    "/payment",
    "/survey",
    "/event",
    "/helpdesk_mgmt",
]
# Tests of ODOO_TESTS left out, each with its reason.
EXCLUDED_TESTS = {
    "/helpdesk_mgmt:TestHelpdeskPortal.test_close_ticket": (
        "deliberate: residents may withdraw a request but not close it as done "
        "(they confirm and rate the repair instead), so the portal shows one "
        "close button where helpdesk_mgmt expects two "
        "(property_helpdesk/data/helpdesk_ticket_stage_data.xml)"
    ),
    "/helpdesk_mgmt:TestHelpdeskPortal.test_tickets_2_users": (
        "deliberate: another user's ticket answers 404, as every record the "
        "suite shows in the portal, where helpdesk_mgmt redirects to /my "
        "(property_helpdesk/controllers/portal.py)"
    ),
    "/account:TestAccountPayment.test_resequence_change_payment_name": (
        "Odoo's test, not the suite: it renames a payment dated today to "
        "PBNK1/2025/00002 and fails on a database with account alone in any "
        "other year than 2025"
    ),
    "/account:TestAccountPaymentRegister.test_register_payment_doesnt_send_email": (
        "needs sale and payment_demo, which Odoo installs on its all-modules "
        "build and the suite does not"
    ),
}

INSTALL = """
import sys
import odoo
from odoo.tools import config
config.parse_config(sys.argv[1:])
odoo.modules.registry.Registry.new(config["db_name"], update_module=True)
"""
# Odoo's command line (odoo-bin), whether Odoo comes from source or a package.
ODOO_BIN = "import odoo.cli; odoo.cli.main()"


def stop(message):
    print(f"tests/run.py: {message}", file=sys.stderr)
    sys.exit(2)


def check_prerequisites():
    try:
        import odoo.release
    except ImportError:
        stop(
            f"Odoo is not importable by this python3 ({sys.executable}).\n"
            "Install Odoo 18 from source as its documentation describes "
            "(https://www.odoo.com/documentation/18.0/administration/on_premise/"
            "source.html): clone the 18.0 branch, `pip install -r requirements.txt` "
            "and `pip install -e .`; or run the tests in Docker: "
            "`docker compose --profile test run --rm test`."
        )
    if odoo.release.version_info[:2] != (18, 0):
        stop(f"Odoo 18.0 is required, this python3 imports {odoo.release.version}.")
    try:
        import pytest_odoo  # noqa: F401
    except ImportError:
        stop(
            "pytest-odoo is missing: `python3 -m pip install -r requirements-test.txt`."
        )
    import psycopg2

    try:
        psycopg2.connect(dbname="postgres").close()
    except psycopg2.OperationalError as error:
        stop(
            f"PostgreSQL does not answer ({str(error).strip()}).\nStart it, or "
            "point the PGHOST, PGPORT, PGUSER and PGPASSWORD environment variables "
            "at a server where this user may create databases."
        )


def suite_modules():
    modules = []
    for manifest in sorted(ADDONS.glob("*/__manifest__.py")):
        if ast.literal_eval(manifest.read_text()).get("installable", True):
            modules.append(manifest.parent.name)
    return modules


def data_dir():
    # Kept across runs, so that PROPERTY_TEST_UPDATE finds the filestore.
    return Path(tempfile.gettempdir()) / "property-tests-data"


def _drop(cursor, name):
    from psycopg2 import sql

    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    shutil.rmtree(data_dir() / "filestore" / name, ignore_errors=True)


def recreate_database(name):
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        _drop(cursor, name)
        cursor.execute(
            sql.SQL(
                "CREATE DATABASE {} ENCODING 'unicode' LC_COLLATE 'C' "
                "TEMPLATE template0"
            ).format(sql.Identifier(name))
        )
    connection.close()


def drop_database(name):
    import psycopg2

    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        _drop(cursor, name)
    connection.close()


def write_config(directory, database):
    import odoo

    odoo_root = Path(odoo.__file__).resolve().parent
    addons_paths = [ADDONS, odoo_root / "addons", odoo_root.parent / "addons"]
    config = Path(directory) / "odoo.conf"
    config.write_text(
        "[options]\n"
        f"addons_path = {','.join(str(p) for p in addons_paths if p.is_dir())}\n"
        f"data_dir = {data_dir()}\n"
        f"db_name = {database}\n"
        "db_host = False\n"
        "db_port = False\n"
        "http_interface = 127.0.0.1\n"
        f"http_port = {os.environ.get('PROPERTY_TEST_HTTP_PORT', '8069')}\n"
        "max_cron_threads = 0\n"
    )
    return config


def install(config, database, modules, option="--init"):
    verb = "Installing" if option == "--init" else "Updating"
    print(f"{verb} {', '.join(modules)} in the database {database} ...")
    sys.stdout.flush()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            INSTALL,
            f"--config={config}",
            f"--database={database}",
            f"{option}={','.join(modules)}",
            "--log-level=warn",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    log = result.stdout + result.stderr
    if result.returncode or LOG_PROBLEM.search(log):
        print(log)
        stop("installing the suite failed or logged warnings/errors (see above).")
    print("Installed; the install log is clean.")


def run_pytest(config, database, modules, extra):
    # Test files or folders among the arguments replace the default ones.
    test_paths = [a for a in extra if Path(a.split("::")[0]).exists()]
    extra = [a for a in extra if a not in test_paths]
    if not test_paths:
        test_paths = [str(ADDONS / m / "tests") for m in modules]
        test_paths.append(str(ROOT / "tests"))
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"--odoo-config={config}",
        f"--odoo-database={database}",
        "--odoo-http",
        "--odoo-log-level=warn",
        # Odoo's test mode, as its own test runner sets it: without it,
        # importing odoo.tests logs an error.
        "--odoo-extra=test-enable",
        "-p",
        "no:cacheprovider",
        f"--rootdir={ROOT}",
        *test_paths,
        *extra,
    ]
    return subprocess.run(command, cwd=ROOT, check=False).returncode == 0


def run_odoo_tests(config, database, log_dir, label, *options):
    """Odoo's own test runner on ``database``; True when every test passed
    and the log holds no warning or error. Prints what went wrong."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{label}.log"
    start = time.monotonic()
    with log_path.open("w") as log_file:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                ODOO_BIN,
                f"--config={config}",
                f"--database={database}",
                "--log-level=info",
                "--stop-after-init",
                *options,
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            check=False,
        )
    lines = log_path.read_text(errors="replace").splitlines()
    problems, in_problem = [], False
    for line in lines:
        level = ODOO_LOG_LINE.match(line)
        if level:
            in_problem = level[1] in ("WARNING", "ERROR", "CRITICAL")
        if in_problem:
            problems.append(line)
    counts = [ODOO_RESULT.search(line) for line in lines]
    counts = [match for match in counts if match]
    if counts:
        failed, errors, total = counts[-1].groups()
        summary = f"{total} tests, {failed} failed, {errors} errors"
    else:
        summary = "no test result in the log"
    ok = result.returncode == 0 and not problems and bool(counts)
    print(
        f"  {label}: {summary} in {time.monotonic() - start:.0f}s"
        f"{'' if ok else ' -- FAILED'} (log: {log_path})"
    )
    if problems:
        print("  Warnings and errors of the log:")
        print("\n".join(f"    {line}" for line in problems))
    elif not ok:
        print("\n".join(f"    {line}" for line in lines[-30:]))
    sys.stdout.flush()
    return ok


def odoo_test_tags():
    tags = [f"post_install{spec}" for spec in ODOO_TESTS]
    tags += [f"-{spec}" for spec in EXCLUDED_TESTS]
    return ",".join(tags)


def phase_odoo(config, database, log_dir):
    print(f"Odoo's and OCA's post-install tests on {database}:")
    for spec in ODOO_TESTS:
        print(f"  {spec}")
    for spec, reason in EXCLUDED_TESTS.items():
        print(f"  excluded {spec}: {reason}")
    sys.stdout.flush()
    return run_odoo_tests(
        config, database, log_dir, "odoo", f"--test-tags={odoo_test_tags()}"
    )


def phase_alone(directory, database, modules, log_dir):
    print("Each suite module alone on a fresh database, with its own tests:")
    sys.stdout.flush()
    ok = True
    for module in modules:
        name = f"{database}_{module}"
        config = write_config(directory, name)
        recreate_database(name)
        passed = run_odoo_tests(
            config,
            name,
            log_dir,
            module,
            f"--init={module}",
            "--test-enable",
            f"--test-tags=/{module}",
        )
        if passed:
            drop_database(name)
        ok = ok and passed
    return ok


def main():
    check_prerequisites()
    database = os.environ.get("PROPERTY_TEST_DB", "property_test")
    modules = suite_modules()
    extra = sys.argv[1:]
    update = os.environ.get("PROPERTY_TEST_UPDATE")
    if os.environ.get("PROPERTY_TEST_PHASES"):
        phases = os.environ["PROPERTY_TEST_PHASES"].split(",")
    else:
        phases = ["suite"] if extra or update else list(PHASES)
    if unknown := set(phases) - set(PHASES):
        stop(f"unknown phases {', '.join(sorted(unknown))}; use {', '.join(PHASES)}.")
    results, timings = {}, {}
    log_dir = LOG_DIR / database
    with tempfile.TemporaryDirectory(prefix="property-tests-") as directory:
        config = write_config(directory, database)
        if {"suite", "odoo"} & set(phases):
            start = time.monotonic()
            if update:
                install(config, database, update.split(","), option="--update")
            else:
                recreate_database(database)
                install(config, database, modules)
            timings["install"] = time.monotonic() - start
        for phase in PHASES:
            if phase not in phases:
                continue
            print(f"== {phase}")
            sys.stdout.flush()
            start = time.monotonic()
            if phase == "suite":
                results[phase] = run_pytest(config, database, modules, extra)
            elif phase == "odoo":
                results[phase] = phase_odoo(config, database, log_dir)
            else:
                results[phase] = phase_alone(directory, database, modules, log_dir)
            timings[phase] = time.monotonic() - start
    print("== summary")
    for name, seconds in timings.items():
        outcome = {True: "passed", False: "FAILED"}.get(results.get(name), "done")
        print(f"  {name}: {outcome} in {seconds / 60:.1f} min")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
