"""Server-side flags: context values that no client can send.

A JSON-RPC call may put any JSON value in the context, so a plain context key
must never switch a check off. A flag set here carries a Python object that JSON
cannot express: only server code that imports this module can set it, and the
check reads it back by identity.
"""

_SERVER_ONLY = object()


def with_server_flag(records, flag):
    """``records`` in a context where server code has set ``flag``."""
    return records.with_context(**{flag: _SERVER_ONLY})


def has_server_flag(records, flag):
    """Whether server code set ``flag`` (a client's context never has it)."""
    return records.env.context.get(flag) is _SERVER_ONLY


# The defaults of records created by the thousand (dunning cases and steps,
# notifications) looked up once per batch (``property.batch.mixin``).
DEFAULTS_MEMO = "property_defaults_memo"


class _Memo(dict):
    """A memo of one batch: a type JSON cannot produce, so that only server
    code can start one. Equal to itself only: Odoo reuses an environment whose
    context is equal, and an empty memo would otherwise equal a client's
    ``{}`` (the client's records would share the batch's memo, or the batch
    would get the client's environment and no memo)."""

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = None  # a dict still


def with_memo(records, name):
    """``records`` with a fresh memo ``name`` for the batch they work on."""
    return records.with_context(**{name: _Memo()})


def memo_of(records, name):
    """The batch's memo ``name``, or None outside such a batch."""
    memo = records.env.context.get(name)
    return memo if type(memo) is _Memo else None
