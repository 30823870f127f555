"""Memos of one batch of a long run, carried in the context: like server
flags (``server_flags``), of a type JSON cannot produce, so that only server
code can start one."""


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
