from odoo.tests import TransactionCase, tagged

from ..tools import amount_formatter

AMOUNTS = (0, 0.004, 0.005, 1, -1, 12.5, -1234.567, 1234567.891, 99999999.995)


@tagged("post_install", "-at_install")
class TestAmountFormatter(TransactionCase):
    """Notices format thousands of amounts at once, exactly as
    ``currency.format`` would."""

    def _check(self, currency, lang_code):
        format_amount = amount_formatter(self.env, currency, lang_code)
        env = self.env(context=dict(self.env.context, lang=lang_code))
        for amount in AMOUNTS:
            self.assertEqual(
                format_amount(amount),
                currency.with_env(env).format(amount),
                f"{amount} in {currency.name}, {lang_code}",
            )

    def test_same_text_as_currency_format(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        cny = self.env.ref("base.CNY")
        eur = self.env.ref("base.EUR")  # symbol after the amount
        for currency in (cny, eur):
            for lang_code in ("en_US", "zh_CN"):
                self._check(currency, lang_code)

    def test_language_with_another_grouping(self):
        lang = self.env["res.lang"]._activate_lang("fr_FR")
        lang.write({"grouping": "[3,2,0]", "thousands_sep": " ", "decimal_point": ","})
        self._check(self.env.ref("base.CNY"), "fr_FR")
