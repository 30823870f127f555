"""An import plan's rows to JSON and back.

A large import keeps its checked rows in the database, batch by batch, between
the scheduler's calls. Every dict is written as a list of pairs (its keys may be
records or dates, and a unit code is never mistaken for a tag), records as their
model and ids, dates in ISO format.
"""

from datetime import date

from odoo.models import BaseModel

PAIRS, RECORDS, DATE = "__pairs__", "__records__", "__date__"


def dump(value):
    if isinstance(value, BaseModel):
        return {RECORDS: [value._name, value.ids]}
    if isinstance(value, date):
        return {DATE: value.isoformat()}
    if isinstance(value, dict):
        return {PAIRS: [[dump(key), dump(item)] for key, item in value.items()]}
    if isinstance(value, list | tuple):
        return [dump(item) for item in value]
    return value


def load(env, value):
    if isinstance(value, list):
        return [load(env, item) for item in value]
    if not isinstance(value, dict):
        return value
    if PAIRS in value:
        return {_key(load(env, key)): load(env, item) for key, item in value[PAIRS]}
    if RECORDS in value:
        model, ids = value[RECORDS]
        return env[model].browse(ids)
    return date.fromisoformat(value[DATE])


def _key(value):
    # A tuple key came back as a list.
    return tuple(value) if isinstance(value, list) else value
