from odoo.exceptions import AccessError

from .common import HelpdeskCase


class TestSecurity(HelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._ticket(
            property_unit_id=cls.unit_x1.id, partner_id=cls.resident_a.partner_id.id
        )
        cls.ticket_b = cls._ticket(
            property_unit_id=cls.unit_x2.id, partner_id=cls.resident_b.partner_id.id
        )
        cls.lobby_a = cls._ticket(
            property_community_id=cls.community_x.id,
            partner_id=cls.resident_a.partner_id.id,
            property_kind="complaint",
        )
        cls.lobby_b = cls._ticket(
            property_community_id=cls.community_x.id,
            partner_id=cls.resident_b.partner_id.id,
        )
        cls.ticket_y = cls._ticket(property_unit_id=cls.unit_y1.id)
        cls.ticket_z = cls._ticket(property_unit_id=cls.unit_z1.id)
        cls.work_x = cls.env["property.helpdesk.work"].create(
            {"ticket_id": cls.ticket_a.id, "name": "New washer", "hours": 0.5}
        )
        cls.work_y = cls.env["property.helpdesk.work"].create(
            {"ticket_id": cls.ticket_y.id, "name": "New fuse", "hours": 0.5}
        )

    def test_staff_see_the_tickets_of_their_communities(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.staff_x)
        tickets = Ticket.search([("property_community_id", "!=", False)])
        self.assertEqual(
            tickets, self.ticket_a | self.ticket_b | self.lobby_a | self.lobby_b
        )
        with self.assertRaises(AccessError):
            self.ticket_y.with_user(self.staff_x).read(["name"])
        with self.assertRaises(AccessError):
            self.ticket_y.with_user(self.staff_x).write({"name": "Mine now"})
        self.ticket_a.with_user(self.staff_x).write({"name": "Tap replaced"})
        Work = self.env["property.helpdesk.work"].with_user(self.staff_x)
        self.assertEqual(Work.search([]), self.work_x)
        Report = self.env["property.helpdesk.report"].with_user(self.staff_x)
        self.assertNotIn(self.ticket_y, Report.search([]).ticket_id)

    def test_staff_cannot_delete_tickets(self):
        with self.assertRaises(AccessError):
            self.ticket_a.with_user(self.staff_x).unlink()

    def test_manager_sees_every_community_of_the_company(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.manager)
        tickets = Ticket.search([("property_community_id", "!=", False)])
        self.assertIn(self.ticket_y, tickets)
        self.assertNotIn(self.ticket_z, tickets)  # another company

    def test_resident_sees_own_tickets_and_own_public_area_reports(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.resident_a)
        self.assertEqual(Ticket.search([]), self.ticket_a | self.lobby_a)
        for other in (self.ticket_b, self.lobby_b, self.ticket_y):
            with self.assertRaises(AccessError):
                other.with_user(self.resident_a).read(["name"])
        with self.assertRaises(AccessError):
            self.ticket_a.with_user(self.resident_a).write({"name": "Urgent!"})
        with self.assertRaises(AccessError):
            self.env["property.helpdesk.work"].with_user(self.resident_a).search([])

    def test_staff_see_policies_and_teams_of_their_communities(self):
        sla_y = self.env["property.helpdesk.sla"].create(
            {
                "name": "Osmanthus lifts",
                "sequence": 0,
                "community_ids": [(6, 0, self.community_y.ids)],
                "calendar_id": self.calendar_24x7.id,
            }
        )
        team_y = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Maintenance Y",
                "company_id": self.company.id,
                "property_community_id": self.community_y.id,
            }
        )
        SLA = self.env["property.helpdesk.sla"].with_user(self.staff_x)
        self.assertIn(self.sla_repair, SLA.search([]))
        self.assertNotIn(sla_y, SLA.search([]))
        with self.assertRaises(AccessError):
            sla_y.with_user(self.staff_x).read(["response_hours"])
        Team = self.env["helpdesk.ticket.team"].with_user(self.staff_x)
        self.assertIn(self.team_x, Team.search([]))
        self.assertNotIn(team_y, Team.search([]))
        with self.assertRaises(AccessError):
            team_y.with_user(self.staff_x).read(["user_ids"])
        # Managers see both; the policy still applies to Y's tickets.
        self.assertIn(sla_y, SLA.with_user(self.manager).search([]))
        self.assertIn(team_y, Team.with_user(self.manager).search([]))
        ticket_y = self._ticket(property_unit_id=self.unit_y1.id, priority="2")
        self.assertEqual(ticket_y.property_sla_id, sla_y)

    def test_ticket_attachments_follow_the_ticket(self):
        Attachment = self.env["ir.attachment"]
        photo_a, photo_y = Attachment.create(
            [
                {
                    "name": "leak.png",
                    "raw": b"\x89PNG\r\n\x1a\n",
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                }
                for ticket in (self.ticket_a, self.ticket_y)
            ]
        )
        photo_a.with_user(self.staff_x).read(["raw"])
        with self.assertRaises(AccessError):
            photo_y.with_user(self.staff_x).read(["raw"])
        self.assertNotIn(
            photo_y,
            Attachment.with_user(self.staff_x).search(
                [("res_model", "=", "helpdesk.ticket")]
            ),
        )
        # Residents have no access to attachments through the ORM at all: the
        # portal ticket page hands out tokens for their own tickets' files.
        for resident in (self.resident_a, self.resident_b):
            with self.assertRaises(AccessError):
                photo_a.with_user(resident).read(["raw"])
