"""Formatting many amounts the way ``res.currency.format`` does.

``currency.format(amount)`` looks the language up and parses its grouping for
every amount: a tenth of a millisecond each, which is most of the time a
dunning run spends writing its notices' texts. ``amount_formatter`` reads the
language and the currency once and returns a function giving the same text.
"""

import ast

from odoo.tools.float_utils import float_round
from odoo.tools.misc import get_lang

from odoo.addons.base.models.res_lang import intersperse

NO_BREAK_SPACE = "\N{NO-BREAK SPACE}"
ZERO_WIDTH_NO_BREAK_SPACE = "\N{ZERO WIDTH NO-BREAK SPACE}"


def amount_formatter(env, currency, lang_code=None):
    """A function of an amount giving ``currency.format(amount)`` as formatted
    in ``lang_code`` (the environment's language by default)."""
    currency.ensure_one()
    lang = env["res.lang"]._get_data(id=get_lang(env, lang_code).id)
    grouping = ast.literal_eval(lang.grouping)
    thousands_sep = lang.thousands_sep or ""
    decimal_point = lang.decimal_point
    template = f"%.{currency.decimal_places}f"
    rounding = currency.rounding
    symbol = currency.symbol or ""
    if currency.position == "before":
        pre, post = f"{symbol}{NO_BREAK_SPACE}", ""
    else:
        pre, post = "", f"{NO_BREAK_SPACE}{symbol}"

    def format_amount(amount):
        parts = (template % float_round(amount, precision_rounding=rounding)).split(".")
        parts[0] = intersperse(parts[0], grouping, thousands_sep)[0]
        text = (
            decimal_point.join(parts)
            .replace(" ", NO_BREAK_SPACE)
            .replace("-", f"-{ZERO_WIDTH_NO_BREAK_SPACE}")
        )
        return f"{pre}{text}{post}"

    return format_amount
