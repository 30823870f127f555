"""What the long runs do to go fast by leaning on Odoo's internals.

Every piece here changes how Odoo does something, never what it does: the
same records, numbers and journal items come out. Each is switched on by server
code only, for one batch of a long run (a server flag or a memo object, never a
context key a client could send), and each is justified by a measurement in
``bench/README.md``. ``docs/private-internals.md`` lists them with the Odoo
internals they rely on and the tests that guard them on every Odoo update;
drop a piece when its measurement no longer holds.

The fast creation of fee invoices itself is ``account.move``'s
``_property_create_fee_invoices`` (a company setting turns it off).
"""

import gc
from contextlib import contextmanager

# The batch memos and server flags are property_base's, and so is
# ``insert_rows``, which its notifications use too: the rows a dunning batch
# writes by the thousand (cases, steps, notifications) written in one COPY
# each rather than through ``create``, about a third of the batch's time.
from odoo.addons.property_base.tools import (  # noqa: F401 - the long runs' API
    has_server_flag,
    insert_rows,
    memo_of,
    with_memo,
    with_server_flag,
)

# Posting a batch of fee invoices without the sync of dynamic lines for the
# writes ``_post`` makes (checked, state): a third of posting's time.
POST_WITHOUT_SYNC = "property_post_without_sync"
# The journal's last number looked up once per batch rather than per invoice
# (``account.move._get_last_sequence``): 10.3 instead of 13.3 queries per
# invoice in the billing benchmark.
SEQUENCE_MEMO = "property_sequence_memo"


def for_batch_posting(moves):
    """``moves`` set up to be posted as one batch of a billing run: the
    journal's last number looked up once, no line sync for the post's own
    writes."""
    return with_server_flag(with_memo(moves, SEQUENCE_MEMO), POST_WITHOUT_SYNC)


def posts_without_sync(moves):
    return has_server_flag(moves, POST_WITHOUT_SYNC)


@contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector during one batch of a long run.

    A batch keeps the records it reads and creates in the ORM cache until it
    ends: the collector's passes meanwhile only scan them again and again,
    about a tenth of a dunning batch's time (later Odoo versions raise the
    collector's thresholds for the same reason). Reference counting still
    frees memory as usual; only reference cycles wait for the batch's end."""
    if not gc.isenabled():  # paused by an enclosing batch or by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
