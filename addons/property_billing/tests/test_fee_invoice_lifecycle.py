from unittest.mock import patch

from odoo import Command

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.property_base.tools import with_server_flag

from .. import speedups
from .fee_invoice_common import FeeInvoiceCase


class TestFeeInvoiceLifecycle(FeeInvoiceCase):
    """Once created, fast-path invoices live as any other: whatever an
    accountant does with them gives the same entries as with the invoices
    ``create`` makes. These tests are the gate for every Odoo update
    (docs/private-internals.md)."""

    def _pair(self, lines, partner=None, **values):
        """The same invoice made both ways, each posted as its path posts it."""
        fast, standard = self.assertSameAsCreate(
            [self._vals(partner or self.owner, lines, **values)]
        )
        fast._property_subscribe_customers()
        speedups.for_batch_posting(fast)._post(soft=False)
        standard.action_post()
        self.assertSame(fast, standard)
        return fast, standard

    def assertSame(self, fast, standard):
        self.assertEqual(self._summary(fast), self._summary(standard))
        self.assertEqual(
            (fast.state, fast.payment_state, fast.date),
            (standard.state, standard.payment_state, standard.date),
        )

    def _pay(self, moves, amount, date="2026-01-20"):
        payments = self.env["account.payment"]
        for move in moves:
            payments |= (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=move.ids)
                .create({"amount": amount, "payment_date": date})
                ._create_payments()
            )
        return payments

    def test_payments_and_partial_payments(self):
        fast, standard = self._pair([(self.product, 2.0, 150.0, 0.0, self.tax_sale_a)])
        first = self._pay(fast | standard, 100.0)
        self.assertSame(fast, standard)
        self.assertEqual(fast.payment_state, "partial")
        self.assertEqual(fast.amount_residual, 245.0)
        self.assertEqual(
            self._journal_items(first[0].move_id),
            self._journal_items(first[1].move_id),
        )
        self._pay(fast | standard, 245.0, date="2026-02-01")
        self.assertSame(fast, standard)
        self.assertIn(fast.payment_state, ("paid", "in_payment"))
        self.assertFalse(fast.amount_residual)

    def _settlement_items(self, move):
        """The journal items of a cash-basis entry, but their labels, which
        name the invoice each settles."""
        return [item[:2] + item[3:] for item in self._journal_items(move)]

    def test_cash_basis_taxes_and_their_settlement(self):
        self.company.tax_exigibility = True
        transition = self.env["account.account"].create(
            {
                "code": "209901",
                "name": "Tax Received on Payment",
                "account_type": "liability_current",
                "reconcile": True,
            }
        )
        on_payment = self.env["account.tax"].create(
            {
                "name": "VAT 9% on payment",
                "amount": 9.0,
                "tax_exigibility": "on_payment",
                "cash_basis_transition_account_id": transition.id,
            }
        )
        fast, standard = self._pair([(self.product, 1.0, 1000.0, 0.0, on_payment)])
        self.assertEqual(fast.line_ids.filtered("tax_line_id").account_id, transition)
        self._pay(fast | standard, 545.0)
        self.assertSame(fast, standard)
        settlements = [
            move.tax_cash_basis_created_move_ids for move in (fast, standard)
        ]
        self.assertEqual(len(settlements[0]), 1, "half the tax became due")
        self.assertEqual(*map(self._settlement_items, settlements))
        self._pay(fast | standard, 545.0, date="2026-02-01")
        self.assertEqual(
            [len(move.tax_cash_basis_created_move_ids) for move in (fast, standard)],
            [2, 2],
        )
        for fast_settlement, standard_settlement in zip(
            fast.tax_cash_basis_created_move_ids.sorted("id"),
            standard.tax_cash_basis_created_move_ids.sorted("id"),
            strict=True,
        ):
            self.assertEqual(
                self._settlement_items(fast_settlement),
                self._settlement_items(standard_settlement),
            )

    def test_analytic_distribution(self):
        plan = self.env["account.analytic.plan"].create({"name": "Communities"})
        jade_lake, maple = self.env["account.analytic.account"].create(
            [
                {"name": "Jade Lake Garden", "plan_id": plan.id},
                {"name": "Maple Court", "plan_id": plan.id},
            ]
        )
        vals = self._vals(self.owner, [(self.product, 3.0, 99.99, 10.0, None)])
        vals["invoice_line_ids"][0][2]["analytic_distribution"] = {
            str(jade_lake.id): 60.0,
            str(maple.id): 40.0,
        }
        Move = self.env["account.move"]
        self.assertTrue(Move._property_is_plain_fee_invoice(vals))
        fast, standard = self.assertSameAsCreate([vals])
        with_server_flag(fast, speedups.POST_WITHOUT_SYNC)._post(soft=False)
        standard.action_post()

        def analytic_lines(move):
            return sorted(
                (line.account_id.id, line.amount, line.unit_amount, line.partner_id.id)
                for line in move.line_ids.analytic_line_ids
            )

        self.assertEqual(analytic_lines(fast), analytic_lines(standard))
        self.assertEqual(len(analytic_lines(fast)), 2)
        self.assertAlmostEqual(
            sum(fast.line_ids.analytic_line_ids.mapped("amount")), 269.97
        )

    def test_hash_protected_journal_and_integrity_check(self):
        self.company_data["default_journal_sale"].restrict_mode_hash_table = True
        fast, standard = self._pair([(self.product, 1.0, 88.0, 0.0, self.tax_sale_a)])
        self._create_contract()
        run_invoice = self._run("2026-01-01").move_ids
        for move in fast | standard | run_invoice:
            self.assertTrue(move.inalterable_hash, move.name)
        results = self.company._check_hash_integrity()["results"]
        sales = next(
            result
            for result in results
            if result["journal_name"].startswith(
                self.company_data["default_journal_sale"].name
            )
        )
        self.assertEqual(sales["status"], "verified", sales["msg_cover"])
        self.assertEqual(sales["last_move_name"], run_invoice.name)

    def test_lock_dates(self):
        """Posted after the period closed, both are moved to an open date."""
        self.init_invoice(
            "out_invoice", self.owner, "2026-01-02", amounts=[9.0], post=True
        )
        self.company.sale_lock_date = "2026-01-31"
        fast, _standard = self._pair(
            [(self.product, 1.0, 120.0, 0.0, None)], invoice_date="2026-01-15"
        )
        self.assertGreater(fast.date, self.company.sale_lock_date)
        self.assertEqual(str(fast.invoice_date), "2026-01-15")

    def test_credit_notes(self):
        fast, standard = self._pair([(self.product, 1.0, 300.0, 0.0, self.tax_sale_a)])
        self._pay(fast | standard, 45.0)
        credit_notes = [
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"reason": "服务未到位", "journal_id": move.journal_id.id})
            .refund_moves()
            for move in (fast, standard)
        ]
        refunds = [
            self.env["account.move"].browse(action["res_id"]) for action in credit_notes
        ]
        for refund in refunds:
            refund.action_post()
        # Posted, the credit note settles what is left, the rest stays as credit.
        self.assertSame(fast, standard)
        self.assertFalse(fast.amount_residual)
        self.assertEqual(refunds[0].amount_total, 345.0)
        self.assertEqual(self._summary(refunds[0]), self._summary(refunds[1]))
        self.assertEqual(refunds[0].amount_residual, 45.0)

        # A full reversal cancels an invoice the same way.
        fast, standard = self._pair([(self.product, 1.0, 60.0, 0.0, None)])
        reversals = [move._reverse_moves(cancel=True) for move in (fast, standard)]
        self.assertSame(fast, standard)
        self.assertEqual(fast.payment_state, "reversed")
        self.assertEqual(self._summary(reversals[0]), self._summary(reversals[1]))

    def test_reset_to_draft_edit_and_post_again(self):
        fast, standard = self._pair(
            [
                (self.product, 1.0, 100.0, 0.0, self.tax_sale_a),
                (self.product_b, 2.0, 40.0, 5.0, None),
            ]
        )
        for move in (fast, standard):
            move.button_draft()
            move.invoice_line_ids[0].write({"price_unit": 130.0, "discount": 10.0})
            move.write(
                {
                    "invoice_date_due": "2026-02-15",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "name": "Late fee",
                                "price_unit": 12.5,
                            }
                        )
                    ],
                }
            )
            move.action_post()
        self.assertSame(fast, standard)
        self.assertEqual(str(fast.invoice_date_due), "2026-02-15")

    def test_unhandled_values_take_create(self):
        """``tax_totals`` (a manual tax amount) and any value the fast path does
        not know go through ``create``, which honours them."""
        Move = self.env["account.move"]
        line = [(self.product, 1.0, 100.0, 0.0, self.tax_sale_a)]
        plain = self._vals(self.owner, line)
        self.assertTrue(Move._property_is_plain_fee_invoice(plain))
        with_line_sequence = self._vals(self.owner, line)
        with_line_sequence["invoice_line_ids"][0][2]["sequence"] = 5
        for vals in (
            {**plain, "tax_totals": {"amount_total": 115.01}},
            {**plain, "fiscal_position_id": self.fiscal_pos_a.id},
            {**plain, "invoice_user_id": self.env.user.id},
            with_line_sequence,
        ):
            self.assertFalse(Move._property_is_plain_fee_invoice(vals), vals)
        with_position = {**plain, "fiscal_position_id": self.fiscal_pos_a.id}
        with patch.object(
            type(Move), "_property_add_tax_and_receivable_lines"
        ) as fast_lines:
            fast, _standard = self.assertSameAsCreate([with_position])
        fast_lines.assert_not_called()
        self.assertEqual(fast.fiscal_position_id, self.fiscal_pos_a)

    def test_fast_path_is_a_company_setting(self):
        Move = self.env["account.move"]
        plain = self._vals(self.owner, [(self.product, 1.0, 100.0, 0.0, None)])
        self.assertTrue(self.company.property_billing_fast_invoices)
        self.company.property_billing_fast_invoices = False
        self.assertFalse(Move._property_is_plain_fee_invoice(plain))
        self._create_contract()
        with patch.object(
            type(Move), "_property_add_tax_and_receivable_lines"
        ) as fast_lines:
            invoice = self._run("2026-01-01").move_ids
        fast_lines.assert_not_called()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 250.0)
        self.assertBalanced(invoice)

    def test_audit_trail_logs_run_invoices_as_manual_ones(self):
        self.company.check_account_audit_trail = True
        # Whoever bills by hand, with the chatter as in production.
        env = self.env(
            context={
                key: value
                for key, value in self.env.context.items()
                if key not in DISABLED_MAIL_CONTEXT
            }
        )
        self._create_contract()
        run = (
            env["property.billing.run"]
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create({"date": "2026-01-01", "company_id": self.company.id})
        )
        run.action_run()
        by_run = run.move_ids
        by_hand = env["account.move"].create(
            self._vals(self.owner, [(self.product, 1.0, 250.0, 0.0, None)])
        )
        env.cr.flush()  # saved, then posted: two requests in the web client
        by_hand.action_post()

        def audit_trail(move):
            env.cr.flush()  # tracking is logged before commit
            return sorted(
                (
                    message.message_type,
                    message.subtype_id.id,
                    str(message.body),
                    message.author_id.id,
                    tuple(sorted(message.tracking_value_ids.field_id.mapped("name"))),
                )
                for message in move.audit_trail_message_ids
            )

        created = self.env.ref("account.mt_invoice_created")
        self.assertIn(created, by_run.audit_trail_message_ids.subtype_id)
        self.assertEqual(audit_trail(by_run), audit_trail(by_hand))
