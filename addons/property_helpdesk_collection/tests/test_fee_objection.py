from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from odoo.addons.property_billing.tests.common import BillingCase


@tagged("post_install", "-at_install")
class TestFeeObjection(BillingCase):
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

    @freeze_time("2026-02-20")
    def test_fee_objection_holds_dunning_until_closed(self):
        with (
            self.assertRaisesRegex(ValidationError, "complaint"),
            self.env.cr.savepoint(),
        ):
            self._ticket(property_fee_dispute=True)
        complaint = self._ticket(kind="complaint", property_fee_dispute=True)
        self.assertEqual(complaint.property_dispute_until, date(2026, 3, 22))
        case = self.env["property.dunning.case"].search(
            [("partner_id", "=", self.owner.id)]
        )
        self.assertEqual(case.hold_type, "dispute")
        self.assertIn(complaint.name, case.hold_reason)
        self.assertEqual(case.dispute_ticket_id, complaint)
        # Closing another complaint of the payer leaves this pause alone.
        other = self._ticket(kind="complaint")
        closed = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        other.stage_id = closed
        self.assertEqual(case.hold_type, "dispute")
        case.invalidate_recordset(["ticket_ids"])
        self.assertEqual(case.ticket_ids, complaint)
        # Closing the complaint ends the pause; the case and its debt remain.
        complaint.stage_id = closed
        self.assertFalse(case.hold_type)
        self.assertIn("hold_end", case.event_ids.mapped("kind"))
        self.assertEqual(case.state, "open")

    def test_evidence_pack_lists_the_service_tickets(self):
        complaint = self._ticket(kind="complaint")
        case = self.env["property.dunning.case"].create(
            {"partner_id": self.owner.id, "company_id": self.company.id}
        )
        files = dict(case._property_evidence_files())
        tickets = files["04_service_tickets.csv"].decode()
        self.assertIn(complaint.number, tickets)
        self.assertIn(complaint.name, tickets)
