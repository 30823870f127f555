from odoo.addons.property_base.tools import with_server_flag

from .. import speedups
from .fee_invoice_common import FeeInvoiceCase


class TestFeeInvoiceCreation(FeeInvoiceCase):
    """The billing run creates its invoices without ``create``'s line sync,
    then adds what the sync adds: the journal items must be the same."""

    def test_same_journal_items_as_create(self):
        product_taxed = self.product_b  # two 15 % taxes, its own income account
        cases = [
            # no tax, a discount, a fractional quantity
            (self.owner, [(self.product, 3.5, 33.33, 10.0, None)], {}),
            # taxes on top, rounded per line, several lines
            (
                self.partner_b,
                [
                    (product_taxed, 3.0, 33.33, 0.0, None),
                    (self.product, 1.0, 0.01, 0.0, self.tax_sale_a),
                    (self.product, 2.0, 17.77, 30.0, self.tax_sale_a),
                ],
                {},
            ),
            # a tax included in the price: the tax engine's amounts win
            (self.owner, [(self.product, 1.0, 250.0, 0.0, self.tax_included)], {}),
            # the payer's fiscal position maps the tax and the income account
            (self.partner_a, [(self.product_a, 2.0, 99.99, 5.0, None)], {}),
            # a complex tax (children, cash basis)
            (self.owner, [(self.product, 1.0, 123.45, 0.0, self.tax_armageddon)], {}),
        ]
        vals_list = [
            self._vals(partner, lines, **values) for partner, lines, values in cases
        ]
        Move = self.env["account.move"]
        self.assertTrue(all(map(Move._property_is_plain_fee_invoice, vals_list)))
        fast, standard = self.assertSameAsCreate(vals_list)
        self.assertEqual(fast.mapped("state"), ["draft"] * len(cases))
        self.assertEqual(fast[1].amount_tax, standard[1].amount_tax)
        self.assertTrue(fast[1].amount_tax)

        # Edited as drafts, then posted as the run posts them, they still
        # behave alike: only posting skips the sync, edits are synced.
        fast = with_server_flag(fast, speedups.POST_WITHOUT_SYNC)
        for moves in (fast, standard):
            moves[1].invoice_line_ids[0].price_unit = 40.0
            moves[2].invoice_line_ids.tax_ids = self.tax_sale_a
        self.assertEqual(fast[2].amount_tax, 37.5)
        for moves in (fast, standard):
            moves[0].invoice_date_due = "2026-02-01"
        self.assertEqual(
            str(fast[0].line_ids.filtered("date_maturity").date_maturity), "2026-02-01"
        )
        fast._property_subscribe_customers()
        fast._post(soft=False)
        standard.action_post()
        for fast_move, standard_move in zip(fast, standard, strict=True):
            self.assertEqual(self._summary(fast_move), self._summary(standard_move))
            self.assertEqual(fast_move.state, "posted")

    def test_other_invoices_take_create(self):
        """Payment terms, cash rounding or a discount allocation account need
        the lines only the sync adds: such invoices are created by ``create``."""
        Move = self.env["account.move"]
        line = [(self.product, 1.0, 100.0, 10.0, self.tax_sale_a)]
        with_terms = self._vals(
            self.owner, line, invoice_payment_term_id=self.pay_terms_b.id
        )
        rounded = self._vals(
            self.owner, line, invoice_cash_rounding_id=self.cash_rounding_a.id
        )
        for vals in (with_terms, rounded, self._vals(self.owner, line)):
            vals.pop("invoice_date_due")
        self.assertFalse(Move._property_is_plain_fee_invoice(with_terms))
        self.assertFalse(Move._property_is_plain_fee_invoice(rounded))
        self.assertTrue(
            Move._property_is_plain_fee_invoice(self._vals(self.owner, line))
        )
        fast, _standard = self.assertSameAsCreate([with_terms, rounded])
        self.assertEqual(len(fast[0].line_ids.filtered("date_maturity")), 2)

        # The sync also converts amounts to the company's currency.
        foreign = self._vals(self.owner, line, currency_id=self.other_currency.id)
        self.assertFalse(Move._property_is_plain_fee_invoice(foreign))
        fast, _standard = self.assertSameAsCreate([foreign])
        self.assertEqual(fast.amount_total, 2 * fast.amount_total_signed)

        self.company.account_discount_expense_allocation_id = self.company_data[
            "default_account_expense"
        ]
        plain = self._vals(self.owner, line)
        self.assertFalse(Move._property_is_plain_fee_invoice(plain))
        fast, _standard = self.assertSameAsCreate([plain])
        self.assertIn("discount", fast.line_ids.mapped("display_type"))

    def test_billing_run_invoices_are_complete(self):
        """The run's invoices, taxed, carry their tax and receivable lines and
        the contract's due date, whatever the payer's payment terms."""
        self.product.taxes_id = self.tax_sale_a
        self.owner.property_payment_term_id = self.pay_terms_b
        self._create_contract(due_days=15)
        invoice = self._run("2026-01-01").move_ids
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(invoice.invoice_payment_term_id)
        self.assertEqual(str(invoice.invoice_date_due), "2026-01-16")
        self.assertEqual(invoice.amount_untaxed, 250.0)
        self.assertEqual(invoice.amount_tax, 37.5)
        receivable = invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )
        self.assertEqual(receivable.debit, 287.5)
        self.assertEqual(str(receivable.date_maturity), "2026-01-16")
        self.assertEqual(receivable.name, invoice.payment_reference)
        self.assertEqual(invoice.line_ids.filtered("tax_line_id").credit, 37.5)
        self.assertBalanced(invoice)

    def test_customers_follow_as_posting_makes_them(self):
        """Subscribed for the whole batch before posting, customers follow
        their invoices with the subtypes posting alone gives them."""
        archived = self.env["res.partner"].create({"name": "李娜"})
        customers = [
            self.owner,  # a resident, with no user
            self.simple_accountman.partner_id,  # an employee
            self.env.user.partner_id,  # whoever runs the billing
            archived,
        ]
        line = [(self.product, 1.0, 100.0, 0.0, None)]
        batch, alone = (
            self.env["account.move"].create(
                [self._vals(partner, line) for partner in customers]
            )
            for _copy in range(2)
        )
        archived.active = False

        def followers(move):
            return {(f.partner_id, f.subtype_ids) for f in move.message_follower_ids}

        batch._property_subscribe_customers()
        subscribed = [followers(move) for move in batch]
        for customer, move in zip(customers, batch, strict=True):
            self.assertEqual(
                customer in move.message_partner_ids, customer.active, customer.name
            )
        batch._post(soft=False)
        alone._post(soft=False)
        self.assertEqual(
            [followers(move) for move in batch],
            subscribed,
            "posting found them all following",
        )
        self.assertEqual([followers(move) for move in alone], subscribed)
        # Nothing to subscribe (a batch another worker billed): nothing done.
        batch.browse()._property_subscribe_customers()
        # Twice is harmless: nobody follows twice.
        batch._property_subscribe_customers()
        self.assertEqual([followers(move) for move in batch], subscribed)
