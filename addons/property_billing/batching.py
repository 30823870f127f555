"""What the long runs' batches share to go fast."""

import gc
from contextlib import contextmanager


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
