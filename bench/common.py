"""What the benchmark scripts share: output, the PostgreSQL database, the
Odoo configuration and registry, and the Chinese names and unit numbers of
the seeded community. Each script passes its own name and modules."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
UNITS_PER_BUILDING = 96  # 2 entrances x 24 floors x 2 doors
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国平刚桂兰玉萍红霞鹏飞志浩宇欣怡"


def side_parser(doc, default_db, n_help, side_help, epilog):
    """The command line both scripts share: --n, --side, --db."""
    parser = argparse.ArgumentParser(
        description=doc.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=epilog,
    )
    parser.add_argument("--n", type=int, help=n_help)
    parser.add_argument(
        "--side",
        choices=("both", "seed", "ours", "oca"),
        default="both",
        help=side_help,
    )
    parser.add_argument("--db", default=default_db, help="database (recreated by seed)")
    return parser


def parsed(parser, what):
    """The arguments, after checking that seeding has its --n."""
    args = parser.parse_args()
    if args.side in ("both", "seed") and not (args.n and args.n > 0):
        parser.error(f"--side {args.side} needs --n, the number of {what}")
    return args


def describe_machine(env):
    import odoo.release

    cpu = memory = "?"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        )
        meminfo = Path("/proc/meminfo").read_text().split()
        memory = f"{int(meminfo[meminfo.index('MemTotal:') + 1]) / 2**20:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    env.cr.execute("SHOW server_version")
    say(
        f"machine: {cpu}, {os.cpu_count()} CPUs (nproc "
        f"{len(os.sched_getaffinity(0))}), {memory} RAM, load "
        f"{' '.join(f'{load:.1f}' for load in os.getloadavg())}, PostgreSQL "
        f"{env.cr.fetchone()[0]}, Odoo {odoo.release.version}, "
        f"Python {sys.version.split()[0]}"
    )


def say(message):
    print(message, flush=True)


def stop(message):
    print(f"{Path(sys.argv[0]).stem}: {message}", file=sys.stderr, flush=True)
    sys.exit(2)


# ----------------------------------------------------------------------
# Database and Odoo registry
# ----------------------------------------------------------------------
def connect_postgres():
    import psycopg2

    try:
        connection = psycopg2.connect(dbname="postgres")
    except psycopg2.OperationalError as error:
        stop(f"PostgreSQL does not answer ({str(error).strip()}).")
    connection.autocommit = True
    return connection


def database_exists(name):
    connection = connect_postgres()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = bool(cursor.fetchone())
    connection.close()
    return exists


def recreate_database(name):
    from psycopg2 import sql

    connection = connect_postgres()
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


def write_config(database):
    """An Odoo configuration like tests/run.py's, outside the work tree and
    the same for every process benchmarking ``database``."""
    import odoo

    odoo_root = Path(odoo.__file__).resolve().parent
    addons_paths = [ADDONS, odoo_root / "addons", odoo_root.parent / "addons"]
    script = Path(sys.argv[0]).stem.replace("_", "-")
    directory = Path(tempfile.gettempdir()) / f"{script}-{database}"
    directory.mkdir(exist_ok=True)
    config = directory / "odoo.conf"
    config.write_text(
        "[options]\n"
        f"addons_path = {','.join(str(p) for p in addons_paths if p.is_dir())}\n"
        f"data_dir = {directory / 'data'}\n"
        f"db_name = {database}\n"
        "db_host = False\n"
        "db_port = False\n"
        "http_interface = 127.0.0.1\n"
        "max_cron_threads = 0\n"
    )
    return config


def load_registry(database, modules=()):
    """The registry of ``database``; with ``modules``, install them into it
    first (without demo data), in this process."""
    import odoo
    from odoo.tools import config

    args = [
        f"--config={write_config(database)}",
        f"--database={database}",
        "--log-level=warn",
    ]
    if modules:
        args += [f"--init={','.join(modules)}", "--without-demo=all"]
    config.parse_config(args)
    return odoo.modules.registry.Registry.new(database, update_module=bool(modules))


def new_env(registry):
    """A superuser environment on a new cursor: the scheduler runs the jobs
    as OdooBot."""
    from odoo import SUPERUSER_ID, api

    return api.Environment(registry.cursor(), SUPERUSER_ID, {})


def analyze(env):
    """Fresh rows without statistics make PostgreSQL plan badly: measure
    what a production database, analysed by autovacuum, would do."""
    env.cr.execute("ANALYZE")
    env.cr.commit()


# ----------------------------------------------------------------------
# Seeding
# ----------------------------------------------------------------------
def chinese_name(rng):
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def unit_vals(buildings, index, area):
    """Unit ``index`` of the seeded community: 96 per building."""
    building = buildings[index // UNITS_PER_BUILDING]
    rank = index % UNITS_PER_BUILDING
    entrance, rank = divmod(rank, UNITS_PER_BUILDING // 2)
    floor, door = divmod(rank, 2)
    return {
        "building_id": building.id,
        "entrance": str(entrance + 1),
        "floor": floor + 1,
        "number": f"{floor + 1:02d}{door + 1:02d}",
        "area": area,
    }
