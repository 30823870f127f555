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
