from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.property_billing.tests.common import BillingCase


@tagged("post_install", "-at_install")
class TestHelpdeskBilling(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Repairs"})

    def _ticket(self, kind="repair", **values):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "厨房漏水 (kitchen leak)",
                "description": "<p>Water under the sink</p>",
                "team_id": self.team.id,
                "partner_id": self.owner.id,
                "property_unit_id": self.unit.id,
                "property_kind": kind,
                **values,
            }
        )

    def test_paid_repair_reaches_the_next_bill(self):
        self._create_contract()
        ticket = self._ticket()
        action = ticket.action_property_charge()
        charge = (
            self.env["property.billing.charge"]
            .with_context(**action["context"])
            .create(
                {"product_id": self.product.id, "amount": 120.0, "date": "2026-01-01"}
            )
        )
        self.assertEqual(charge.ticket_id, ticket)
        self.assertEqual(charge.partner_id, self.owner)
        self.assertEqual(ticket.property_charge_ids, charge)
        bill = self._run("2026-01-01").move_ids
        self.assertEqual(bill.amount_total, 370.0)
        self.assertEqual(charge.move_id, bill)
        self.assertIn(ticket.name, bill.invoice_line_ids.mapped("name"))

    def test_public_area_repair_cannot_be_charged(self):
        ticket = self._ticket(property_unit_id=False)
        with self.assertRaisesRegex(UserError, "inside a unit"):
            ticket.action_property_charge()
