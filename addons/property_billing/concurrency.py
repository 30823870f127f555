"""What the long runs share to be safe from two workers at once."""

import logging

from psycopg2 import errors

from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)


def lock_nowait(record):
    """Lock ``record``'s row for this transaction, or return False at once
    when another worker holds it."""
    try:
        with record.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
            record.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = %s FOR UPDATE NOWAIT",
                    SQL.identifier(record._table),
                    record.id,
                )
            )
    except (errors.LockNotAvailable, errors.SerializationFailure):
        return False
    return True


def create_new(model, vals_list, create=None):
    """Create the records of ``vals_list`` that a unique constraint lets
    through: those another worker created meanwhile are left out. One batch
    create when nothing clashes, one by one otherwise. ``create`` is the
    model's method creating them, ``create`` itself by default."""
    if not vals_list:
        return model.browse()
    create = create or model.create
    try:
        with model.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            return create(vals_list)
    except errors.UniqueViolation:
        records = model.browse()
        for vals in vals_list:
            try:
                with model.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    records |= create([vals])
            except errors.UniqueViolation:
                _logger.info("%s already exists: %s", model._name, vals)
        return records
