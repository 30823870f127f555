from odoo.exceptions import AccessError, UserError

from odoo.addons.property_billing.tests.common import BillingCase


class TestLateFee(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community.write(
            {
                "late_fee_enabled": True,
                "late_fee_grace_days": 10,
                "late_fee_daily_rate": 0.03,
                "late_fee_cap": 100.0,
                "late_fee_product_id": cls.product.id,
            }
        )
        cls.contract = cls._create_contract(cycle="monthly", due_days=15)

    def _bill(self, date):
        return self.env["account.move"]._property_bill_late_fees(date)

    def test_grace_days_then_daily_rate_on_principal(self):
        invoice = self._run("2026-01-01").move_ids  # 250.00 due 2026-01-16
        self.assertFalse(self._bill("2026-01-26"), "still within the grace days")
        late = self._bill("2026-01-31")  # 5 days after the 10 grace days
        self.assertEqual(late.amount_total, round(250 * 0.0003 * 5, 2))
        self.assertTrue(late.property_is_late_fee)
        self.assertEqual(late.invoice_line_ids.property_late_fee_origin_id, invoice)
        self.assertEqual(late.state, "posted")
        self.assertBalanced(late)
        # The same day again bills nothing; later days bill only the new days.
        self.assertFalse(self._bill("2026-01-31"))
        self.assertEqual(
            self._bill("2026-02-10").amount_total, round(250 * 0.0003 * 10, 2)
        )

    def test_late_fees_never_bear_late_fees(self):
        self._run("2026-01-01")
        late = self._bill("2026-02-15")
        self.assertEqual(
            late.invoice_line_ids.property_late_fee_origin_id.property_is_late_fee,
            False,
        )
        later = self._bill("2026-04-30")
        self.assertNotIn(late, later.invoice_line_ids.property_late_fee_origin_id)

    def test_cap_at_the_overdue_principal(self):
        self.community.late_fee_daily_rate = 5.0  # absurd rate to reach the cap
        invoice = self._run("2026-01-01").move_ids
        first = self._bill("2026-03-31")
        self.assertEqual(first.amount_total, 250.0)
        self.assertEqual(invoice.property_late_fee_total, 250.0)
        self.assertFalse(self._bill("2026-04-30"), "the cap is reached")

    def test_paid_invoice_stops_accruing(self):
        invoice = self._run("2026-01-01").move_ids
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": "2026-01-20"})._create_payments()
        self.assertFalse(self._bill("2026-03-31"))

    def test_waiver_with_reason_is_tracked(self):
        self._run("2026-01-01")
        late = self._bill("2026-02-15")
        with self.assertRaises(UserError):
            late.action_property_waive_late_fee("  ")
        clerk = self.env["res.users"].create(
            {
                "name": "Clerk",
                "login": "late_fee_clerk",
                "company_id": self.company.id,
                "company_ids": [(6, 0, [self.company.id])],
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            self.env.ref("property_base.group_property_user").id,
                            self.env.ref("account.group_account_invoice").id,
                        ],
                    )
                ],
            }
        )
        with self.assertRaises(AccessError):
            late.with_user(clerk).action_property_waive_late_fee("friend")
        self.env["property.late.fee.waive"].create(
            {"move_ids": [(6, 0, late.ids)], "reason": "Hospitalised in January"}
        ).action_waive()
        self.assertEqual(late.payment_state, "reversed")
        waiver = late.property_waiver_ids
        self.assertEqual(waiver.reason, "Hospitalised in January")
        self.assertEqual(waiver.amount, late.amount_total)
        self.assertEqual(waiver.user_id, self.env.user)
        self.assertBalanced(waiver.credit_note_id)
        with self.assertRaises(UserError):
            late.action_property_waive_late_fee("twice")
