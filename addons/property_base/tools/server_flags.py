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
