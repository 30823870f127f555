"""Rows of a log model written by the thousand in one statement.

A dunning run writes one step and one notification for each of thousands of
payers. Odoo's ``create`` spends two thirds of its time on such rows outside
PostgreSQL: it fills the cache of every field of every new record and quotes
each row through psycopg2's Python adapters. ``insert_rows`` writes the same
rows (the same defaults, magic columns, column values, access checks and
constraints) in one ``COPY ... FROM STDIN`` and leaves them out of the cache.
It is for plain log models only: a model whose ``create`` is overridden, or
whose rows need what only ``create`` does (computed or inverse fields,
delegation, a hierarchy), goes through ``create``.
``docs/private-internals.md`` says what it relies on and what guards it.
"""

import io
from datetime import date
from decimal import Decimal

from psycopg2.extras import Json as PsycopgJson

from odoo import models
from odoo.tools import SQL

COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Fields whose column value depends on their value alone (not on the other
# values of the row, as money's rounding does), all of hashable values.
PLAIN_TYPES = {
    "boolean",
    "char",
    "date",
    "datetime",
    "integer",
    "many2one",
    "many2one_reference",
    "selection",
}
# What ``create`` of the model may be inherited from and still be Odoo's own.
PLAIN_CREATE = (models.BaseModel,)


def insert_rows(model, vals_list, done=()):
    """Create the records of ``vals_list`` on ``model`` as ``create`` does,
    in one ``COPY`` statement; through ``create`` itself when the model or
    the values need it. ``done`` lists the overrides of
    ``create`` whose work the caller did (a model's own numbering, say): any
    other override sends the rows through ``create``. Return the records, in
    order."""
    if not vals_list:
        return model.browse()
    model = model.browse()
    fnames = {fname for vals in vals_list for fname in vals}
    if not _plain_rows(model, fnames, done):
        return model.create(vals_list)
    model.check_access("create")
    vals_list = _complete(model, vals_list)
    columns = sorted({fname for vals in vals_list for fname in vals})
    fields = [model._fields[fname] for fname in columns]
    if not all(_plain_field(field) for field in fields):
        return model.create(vals_list)
    rows = _copy_rows(model, fields, vals_list)
    if rows is None:  # a value COPY's text format is not given for here
        return model.create(vals_list)
    cr = model.env.cr
    cr.execute(
        SQL(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            model._table,
            len(vals_list),
        )
    )
    ids = [id_ for (id_,) in cr.fetchall()]
    buffer = io.StringIO()
    for id_, row in zip(ids, rows, strict=True):
        buffer.write(f"{id_}\t{row}\n")
    buffer.seek(0)
    copy = SQL(
        "COPY %s (%s) FROM STDIN",
        SQL.identifier(model._table),
        SQL(", ").join(map(SQL.identifier, ["id", *columns])),
    )
    cr.copy_expert(copy.code, buffer)
    cr.sql_log_count += 1  # counted as a query, as it is one
    records = model.browse(ids)
    _forget_inverses(model, fields, vals_list)
    records.modified(columns, create=True)
    records._validate_fields(columns)
    if model._check_company_auto:
        records._check_company()
    records.check_access("create")
    return records


def _copy_rows(model, fields, vals_list):
    """The rows of ``vals_list`` in COPY's text format, their columns those of
    ``fields``, or None when a value is of a type not known here."""
    # Most cells repeat (defaults, the run's user and date, a few
    # communities): converted once per value where the value alone decides.
    cells_of = {field: {} for field in fields if field.type in PLAIN_TYPES}
    rows = []
    for vals in vals_list:
        cells = []
        for field in fields:
            value = vals.get(field.name)  # a column another row gives
            known = cells_of.get(field)
            if known is not None and value in known:
                cells.append(known[value])
                continue
            cell = _copy_cell(field.convert_to_column_insert(value, model, vals))
            if cell is None:
                return None
            if known is not None:
                known[value] = cell
            cells.append(cell)
        rows.append("\t".join(cells))
    return rows


def _copy_cell(value):
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, PsycopgJson):
        value = value.dumps(value.adapted)
    elif isinstance(value, (int, float, Decimal, date)):  # datetime is a date
        return str(value)
    if not isinstance(value, str):
        return None
    return value.translate(COPY_ESCAPES)


def _plain_rows(model, fnames, done):
    """Whether ``create`` of ``model`` is Odoo's own, but for the overrides
    in ``done``, and the model's rows need nothing but their columns."""
    for cls in type(model).__mro__:
        if cls in PLAIN_CREATE:
            continue
        if "_create" in vars(cls):
            return False
        if "create" in vars(cls) and vars(cls)["create"] not in done:
            return False
    if model._inherits or model._parent_store:
        return False
    if any(field.store and field.compute for field in model._fields.values()):
        return False
    return all(fname in model._fields for fname in fnames)


def _plain_field(field):
    return (
        field.store
        and field.column_type
        and not field.compute
        and not field.inverse
        and not field.inherited
        and not field.company_dependent
        and field.type != "properties"
    )


def _complete(model, vals_list):
    """``vals_list`` with their defaults and magic columns, as
    ``_prepare_create_values`` adds them: the defaults looked up once per set
    of given fields."""
    bad_names = {"id", "parent_path"}
    if model._log_access:
        bad_names.update(models.LOG_ACCESS_COLUMNS)
        now = model.env.cr.now()
        magic = {
            "create_uid": model.env.uid,
            "create_date": now,
            "write_uid": model.env.uid,
            "write_date": now,
        }
    else:
        magic = {}
    defaults = {}
    completed = []
    for vals in vals_list:
        given = frozenset(vals)
        if given not in defaults:
            missing = model._add_missing_default_values(dict.fromkeys(given))
            defaults[given] = {
                fname: value for fname, value in missing.items() if fname not in given
            }
        row = {**defaults[given], **vals}
        for fname in bad_names:
            row.pop(fname, None)
        row.update(magic)
        completed.append(row)
    return completed


def _forget_inverses(model, fields, vals_list):
    """Drop from the cache the one2many fields the new rows belong to (what
    ``create`` updates in place)."""
    for field in fields:
        if field.type not in ("many2one", "many2one_reference"):
            continue
        inverses = model.pool.field_inverses[field]
        if not inverses:
            continue
        if field.type == "many2one":
            comodels = {field.comodel_name}
        else:
            comodels = {vals.get(field.model_field) for vals in vals_list} - {None}
        for inverse in inverses:
            if inverse.model_name in comodels:
                model.env[inverse.model_name].invalidate_model([inverse.name])
