from odoo.exceptions import UserError
from odoo.tests import freeze_time

from .common import HelpdeskCase


class TestClosure(HelpdeskCase):
    def _closed(self, **values):
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._ticket(
                property_unit_id=self.unit_x1.id,
                partner_id=self.resident_a.partner_id.id,
                **values,
            )
        with freeze_time("2026-03-02 11:00:00"):
            ticket.stage_id = self.stage_done
        return ticket

    def test_resident_confirms_and_rates(self):
        ticket = self._closed()
        ticket.with_user(self.resident_a).sudo().action_property_confirm(
            "4", "Quick and clean"
        )
        self.assertEqual(ticket.property_rating, "4")
        self.assertEqual(ticket.property_rating_comment, "Quick and clean")
        self.assertTrue(ticket.property_confirmed_at)
        with self.assertRaisesRegex(UserError, "already confirmed"):
            ticket.action_property_confirm("5")

    def test_rating_must_be_one_to_five_on_a_resolved_ticket(self):
        ticket = self._closed()
        for bad in ("0", "6", "", None, "good"):
            with self.assertRaisesRegex(UserError, "from 1"):
                ticket.action_property_confirm(bad)
        self.assertFalse(ticket.property_rating)
        with freeze_time("2026-03-02 09:00:00"):
            open_ticket = self._ticket(property_unit_id=self.unit_x1.id)
        with self.assertRaisesRegex(UserError, "not resolved yet"):
            open_ticket.action_property_confirm("5")

    def test_unsatisfied_resident_reopens(self):
        ticket = self._closed()
        self.assertFalse(ticket.property_resolution_breached)
        with self.assertRaisesRegex(UserError, "what is still wrong"):
            ticket.action_property_reopen("  ")
        with freeze_time("2026-03-04 09:00:00"):
            ticket.action_property_reopen("Still dripping")
        self.assertFalse(ticket.closed)
        self.assertFalse(ticket.closed_date)
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertEqual(ticket.property_reopen_count, 1)
        # Nobody went on site before it was closed: that comes first again.
        self.assertEqual(ticket.property_sla_target, "arrival")
        self.assertIn("Still dripping", ticket.message_ids[0].body)
        with freeze_time("2026-03-04 10:00:00"):
            ticket.stage_id = self.stage_done
        # Resolved again after the deadline of Tuesday 18:00.
        self.assertTrue(ticket.property_resolution_breached)
        self.assertEqual(ticket.property_sla_status, "missed")

    def test_complaints_get_a_return_visit(self):
        complaint = self._closed(property_kind="complaint")
        repair = self._closed()
        self.assertEqual(complaint.property_visit_state, "due")
        self.assertEqual(repair.property_visit_state, "not_needed")
        due = self.env["helpdesk.ticket"].search([("property_visit_state", "=", "due")])
        self.assertIn(complaint, due)
        self.env["property.helpdesk.visit"].with_user(self.staff_x).create(
            {
                "ticket_id": complaint.id,
                "result": "satisfied",
                "note": "Neighbour stopped drilling at night.",
            }
        )
        self.assertEqual(complaint.property_visit_state, "done")
