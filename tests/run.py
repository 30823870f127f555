#!/usr/bin/env python3
"""Run the property suite's tests on real Odoo 18 and PostgreSQL.

Creates a fresh database, installs every suite module with its demo data (the
install log must be free of warnings and errors), then runs every test of the
add-ons and of this folder with pytest-odoo, browser tours included. Extra
arguments go to pytest, e.g. ``python3 tests/run.py -k portal``; test files or
folders among them replace the default ones.

PostgreSQL is reached through the usual PG* environment variables (PGHOST,
PGPORT, PGUSER, PGPASSWORD), by default on the local socket. PROPERTY_TEST_DB
names the database (default ``property_test``); it is dropped first.
PROPERTY_TEST_HTTP_PORT sets the port of the test server (default 8069), so that
two runs can share a machine. While developing, PROPERTY_TEST_UPDATE=module,...
keeps the database and only updates those modules before the tests.
"""

import ast
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
# Installed beside the suite for its tests only: the demo payment provider.
TEST_ONLY_MODULES = ["payment_demo"]
LOG_PROBLEM = re.compile(r" (WARNING|ERROR|CRITICAL) |^Traceback ", re.MULTILINE)

INSTALL = """
import sys
import odoo
from odoo.tools import config
config.parse_config(sys.argv[1:])
odoo.modules.registry.Registry.new(config["db_name"], update_module=True)
"""


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


def recreate_database(name):
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
        )
        cursor.execute(
            sql.SQL(
                "CREATE DATABASE {} ENCODING 'unicode' LC_COLLATE 'C' "
                "TEMPLATE template0"
            ).format(sql.Identifier(name))
        )
    connection.close()


def write_config(directory, database):
    import odoo

    odoo_root = Path(odoo.__file__).resolve().parent
    addons_paths = [ADDONS, odoo_root / "addons", odoo_root.parent / "addons"]
    config = Path(directory) / "odoo.conf"
    config.write_text(
        "[options]\n"
        f"addons_path = {','.join(str(p) for p in addons_paths if p.is_dir())}\n"
        # Kept across runs, so that PROPERTY_TEST_UPDATE finds the filestore.
        f"data_dir = {Path(tempfile.gettempdir()) / 'property-tests-data'}\n"
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


def main():
    check_prerequisites()
    database = os.environ.get("PROPERTY_TEST_DB", "property_test")
    modules = suite_modules()
    with tempfile.TemporaryDirectory(prefix="property-tests-") as directory:
        config = write_config(directory, database)
        update = os.environ.get("PROPERTY_TEST_UPDATE")
        if update:
            install(config, database, update.split(","), option="--update")
        else:
            recreate_database(database)
            install(config, database, modules + TEST_ONLY_MODULES)
        extra = sys.argv[1:]
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
        return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
