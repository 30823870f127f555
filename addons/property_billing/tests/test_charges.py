from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestOneOffCharges(BillingCase):
    def _charge(self, amount=80.0, **values):
        return self.env["property.billing.charge"].create(
            {
                "unit_id": self.unit.id,
                "name": "更换水龙头 (replace a tap)",
                "product_id": self.product.id,
                "amount": amount,
                "date": "2026-01-10",
                **values,
            }
        )

    def test_charge_goes_on_the_next_bill_once(self):
        self._create_contract()
        charge = self._charge()
        self.assertEqual(charge.partner_id, self.owner)
        january = self._run("2026-01-01").move_ids
        self.assertEqual(charge.state, "pending")  # dated after the run
        self.assertEqual(january.amount_total, 250.0)
        february = self._run("2026-02-01").move_ids
        self.assertEqual(charge.state, "billed")
        self.assertEqual(charge.move_id, february)
        self.assertEqual(february.amount_total, 330.0)
        self.assertIn(
            "replace a tap", " ".join(february.invoice_line_ids.mapped("name"))
        )
        self.assertBalanced(february)
        march = self._run("2026-03-01").move_ids
        self.assertEqual(march.amount_total, 250.0)

    def test_bill_now_and_cancel(self):
        charge = self._charge()
        move = charge.action_invoice_now()
        self.assertEqual((move.state, move.amount_total), ("posted", 80.0))
        self.assertEqual(move.property_unit_id, self.unit)
        with self.assertRaisesRegex(UserError, "still to bill"):
            charge.action_invoice_now()
        with self.assertRaisesRegex(UserError, "credit note"):
            charge.action_cancel()
        other = self._charge()
        other.action_cancel()
        self._create_contract()
        bills = self._run("2026-02-01").move_ids  # January and February
        self.assertEqual(bills.mapped("amount_total"), [250.0, 250.0])

    def test_charge_must_be_positive(self):
        with self.assertRaisesRegex(ValidationError, "above zero"):
            self._charge(amount=0.0)
