from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time

from .common import HelpdeskCase


class TestTicket(HelpdeskCase):
    def test_unit_sets_building_community_and_company(self):
        ticket = self._ticket(property_unit_id=self.unit_x1.id)
        self.assertEqual(ticket.property_building_id, self.building_x)
        self.assertEqual(ticket.property_community_id, self.community_x)
        self.assertEqual(ticket.company_id, self.company)
        self.assertFalse(ticket.property_is_public_area)
        self.assertEqual(ticket.property_kind, "repair")

    def test_public_area_has_no_unit(self):
        ticket = self._ticket(
            property_building_id=self.building_y.id, property_kind="complaint"
        )
        self.assertEqual(ticket.property_community_id, self.community_y)
        self.assertTrue(ticket.property_is_public_area)
        lobby = self._ticket(property_community_id=self.community_x.id)
        self.assertTrue(lobby.property_is_public_area)
        self.assertFalse(lobby.property_building_id)

    def test_location_of_another_community_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "must belong to community"):
            self._ticket(
                property_unit_id=self.unit_x1.id,
                property_community_id=self.community_y.id,
            )
        with self.assertRaisesRegex(ValidationError, "is not in building"):
            self._ticket(
                property_unit_id=self.unit_x1.id,
                property_building_id=self._create_building(self.community_x, "Q").id,
            )

    def test_report_time_in_the_future_is_refused(self):
        with (
            freeze_time("2026-03-02 09:00:00"),
            self.assertRaisesRegex(ValidationError, "lies in the future"),
        ):
            self._ticket(property_reported_at="2026-03-03 09:00:00")

    def test_emergency_priority_runs_on_the_emergency_policy(self):
        ticket = self._ticket(property_unit_id=self.unit_x1.id, priority="4")
        self.assertEqual(ticket.property_sla_id, self.sla_emergency)
        ticket.priority = "2"
        self.assertEqual(ticket.property_sla_id, self.sla_repair)
        ticket.property_kind = "inquiry"
        self.assertFalse(ticket.property_sla_id)

    def test_policy_limited_to_categories_and_communities(self):
        self.sla_emergency.write(
            {
                "category_ids": [(6, 0, self.cat_plumbing.ids)],
                "community_ids": [(6, 0, self.community_x.ids)],
            }
        )
        plumbing_x = self._ticket(
            property_unit_id=self.unit_x1.id,
            priority="4",
            category_id=self.cat_plumbing.id,
        )
        noise_x = self._ticket(
            property_unit_id=self.unit_x1.id,
            priority="4",
            category_id=self.cat_noise.id,
        )
        plumbing_y = self._ticket(
            property_unit_id=self.unit_y1.id,
            priority="4",
            category_id=self.cat_plumbing.id,
        )
        self.assertEqual(plumbing_x.property_sla_id, self.sla_emergency)
        self.assertEqual(noise_x.property_sla_id, self.sla_repair)
        self.assertEqual(plumbing_y.property_sla_id, self.sla_repair)

    def test_bad_policy_targets_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "positive number of hours"):
            self.sla_repair.response_hours = 0
        with self.assertRaisesRegex(ValidationError, "cannot come before"):
            self.sla_repair.resolution_hours = 2
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.sla_repair.alert_percent = 120

    def test_repeat_within_thirty_days_is_flagged(self):
        with freeze_time("2026-03-01 10:00:00"):
            first = self._ticket(
                property_unit_id=self.unit_x1.id, category_id=self.cat_plumbing.id
            )
        with freeze_time("2026-03-20 10:00:00"):
            second = self._ticket(
                property_unit_id=self.unit_x1.id, category_id=self.cat_plumbing.id
            )
            other_category = self._ticket(
                property_unit_id=self.unit_x1.id, category_id=self.cat_noise.id
            )
            other_unit = self._ticket(
                property_unit_id=self.unit_x2.id, category_id=self.cat_plumbing.id
            )
        with freeze_time("2026-05-01 10:00:00"):
            much_later = self._ticket(
                property_unit_id=self.unit_x1.id, category_id=self.cat_plumbing.id
            )
        self.assertFalse(first.property_is_repeat)
        self.assertTrue(second.property_is_repeat)
        self.assertEqual(second.property_repeat_of_id, first)
        self.assertFalse(other_category.property_is_repeat)
        self.assertFalse(other_unit.property_is_repeat)
        self.assertFalse(much_later.property_is_repeat)

    def test_staff_log_a_phone_call_for_a_resident(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.staff_x)
        self.assertEqual(
            Ticket.default_get(["property_intake"])["property_intake"], "phone"
        )
        ticket = Ticket.create(
            {
                "name": "Lift button broken",
                "description": "<p>Mrs A called</p>",
                "property_intake": "counter",
                "property_unit_id": self.unit_x1.id,
                "partner_id": self.resident_a.partner_id.id,
            }
        )
        self.assertEqual(ticket.property_intake, "counter")
        self.assertEqual(ticket.create_uid, self.staff_x)
        # The resident follows it in the portal.
        self.assertEqual(
            self.env["helpdesk.ticket"].with_user(self.resident_a).search([]), ticket
        )

    def test_email_to_team_alias_opens_ticket_in_its_community(self):
        ticket = self.env["helpdesk.ticket"].message_new(
            {
                "subject": "Hallway light out",
                "body": "<p>The light on floor 3 is out.</p>",
                "author_id": self.resident_a.partner_id.id,
                "email_from": self.resident_a.partner_id.email,
                "to": "repairs@example.com",
                "cc": "",
            },
            {"team_id": self.team_x.id},
        )
        self.assertEqual(ticket.property_intake, "email")
        self.assertEqual(ticket.team_id, self.team_x)
        self.assertEqual(ticket.property_community_id, self.community_x)
        # The author lives in one unit of the community: that unit.
        self.assertEqual(ticket.property_unit_id, self.unit_x1)
        self.assertEqual(ticket.partner_id, self.resident_a.partner_id)

    def test_staff_fill_in_the_ticket_form(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.staff_x)
        for view_type in ("form", "list", "kanban", "search"):
            Ticket.get_views([(False, view_type)])
        with Form(Ticket) as form:
            form.name = "Corridor light"
            form.description = "<p>Out since yesterday</p>"
            form.property_intake = "phone"
            form.property_unit_id = self.unit_x1
            self.assertEqual(form.property_building_id, self.building_x)
            self.assertEqual(form.property_community_id, self.community_x)
            # The only occupant of the flat is proposed as the resident.
            self.assertEqual(form.partner_id, self.resident_a.partner_id)
        ticket = form.save()
        self.assertEqual(ticket.property_unit_id, self.unit_x1)
        self.assertEqual(ticket.property_sla_id, self.sla_repair)
