"""Cells that travel through spreadsheets: exported safely, imported strictly.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by spreadsheet programs (CSV or formula injection), so text
typed by residents is escaped before it is exported, and imports refuse it.
Numbers from files are finite, of a sane size, and free of control characters.
"""

import math

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Larger than any amount, area or reading a property company records.
MAX_NUMBER = 10**12


def is_formula_like(text):
    """Whether a spreadsheet would take ``text`` for a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def escape_cell(value):
    """``value`` as a cell a spreadsheet shows as text, never runs."""
    if is_formula_like(value):
        return "'" + value
    return value


def parse_number(text):
    """The finite number written in ``text``; ``ValueError`` with the reason
    otherwise (``inf``, ``nan``, control characters, absurd sizes)."""
    text = (text or "").strip().replace(",", "")
    if any(ord(char) < 32 for char in text):
        raise ValueError("control characters")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    if abs(value) >= MAX_NUMBER:
        raise ValueError("too large")
    return value
