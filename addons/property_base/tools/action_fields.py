"""Fields only a record's actions may set (status, counts, results,
authorship): a direct write through JSON-RPC would skip what the buttons check
of who acts and what the change means."""

from odoo.exceptions import UserError

from .server_flags import has_server_flag


def action_fields_written(records, vals, names):
    """The fields among ``names`` that ``vals``, or a ``default_*`` key of the
    context (which a client may send), would write."""
    context = records.env.context
    return sorted(
        name for name in names if name in vals or f"default_{name}" in context
    )


def check_action_fields(records, vals, names, flag, message, operation="write"):
    """Refuse to write the fields among ``names`` unless server code set
    ``flag`` (``with_server_flag``) around the write. Those who may not write
    the records at all are told so first; the others get ``message(fields)``,
    the error that names the actions to use, ``fields`` being the labels of
    the fields written."""
    if has_server_flag(records, flag):
        return
    written = action_fields_written(records, vals, names)
    if not written:
        return
    records.check_access(operation)
    env = records.env
    labels = [records._fields[name]._description_string(env) for name in written]
    raise UserError(message(", ".join(labels)))
