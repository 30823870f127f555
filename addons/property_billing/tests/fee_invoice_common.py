from odoo import Command

from .common import BillingCase


class FeeInvoiceCase(BillingCase):
    """Invoices made by the billing run's fast path beside the same invoices
    made by ``create``, and what tells them apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_currency = cls.setup_other_currency("EUR")
        cls.tax_included = cls.env["account.tax"].create(
            {
                "name": "VAT 6% incl.",
                "amount": 6.0,
                "price_include_override": "tax_included",
            }
        )
        cls.partner_a.property_account_position_id = cls.fiscal_pos_a

    def _vals(self, partner, lines, **values):
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": self.company.id,
            "journal_id": self.company_data["default_journal_sale"].id,
            "invoice_date": "2026-01-01",
            "invoice_date_due": "2026-01-16",
            "invoice_payment_term_id": False,
            "payment_reference": "RF18000000100020260101",
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": f"{product.name} January",
                        "quantity": quantity,
                        "price_unit": price,
                        "discount": discount,
                        **({"tax_ids": [Command.set(taxes.ids)]} if taxes else {}),
                    }
                )
                for product, quantity, price, discount, taxes in lines
            ],
            **values,
        }

    def _journal_items(self, move):
        return sorted(
            (
                line.display_type,
                line.account_id.id,
                line.name,
                line.partner_id.id,
                line.currency_id.id,
                line.amount_currency,
                line.balance,
                line.debit,
                line.credit,
                tuple(line.tax_ids.ids),
                line.tax_repartition_line_id.id,
                tuple(line.tax_tag_ids.ids),
                line.tax_base_amount,
                line.date_maturity,
                line.price_subtotal,
                line.price_total,
            )
            for line in move.line_ids
        )

    def _summary(self, move):
        return (
            self._journal_items(move),
            move.fiscal_position_id,
            move.currency_id,
            move.amount_untaxed,
            move.amount_tax,
            move.amount_total,
            move.amount_residual,
            move.invoice_date_due,
            move.tax_totals,
        )

    def assertSameAsCreate(self, vals_list):
        Move = self.env["account.move"]
        copies = [{**vals} for vals in vals_list]
        fast = Move._property_create_fee_invoices(vals_list)
        standard = Move.create(copies)
        self.assertEqual(len(fast), len(vals_list))
        for fast_move, standard_move in zip(fast, standard, strict=True):
            self.assertEqual(self._summary(fast_move), self._summary(standard_move))
        return fast, standard
