import base64

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import HelpdeskCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestPortal(HelpdeskCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_b = cls._ticket(
            property_unit_id=cls.unit_x2.id,
            partner_id=cls.resident_b.partner_id.id,
            name="Door of B jams",
        )

    def _submit(self, **data):
        return self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Kitchen tap leaks",
                "description": "It drips all night.",
                "category": self.cat_plumbing.id,
                **data,
            },
            files={"attachment": ("tap.png", PNG, "image/png")},
        )

    def _tickets_of(self, partner):
        return self.env["helpdesk.ticket"].search([("partner_id", "=", partner.id)])

    def test_new_ticket_form_offers_own_homes_and_community(self):
        self.authenticate("resident_a", "resident_a")
        page = self.url_open("/new/ticket")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"unit-{self.unit_x1.id}", page.text)
        self.assertIn(f"community-{self.community_x.id}", page.text)
        self.assertNotIn(f"unit-{self.unit_x2.id}", page.text)
        self.assertNotIn(f"community-{self.community_y.id}", page.text)
        self.assertIn('name="property_kind"', page.text)

    def test_resident_reports_repair_with_photo(self):
        self.authenticate("resident_a", "resident_a")
        response = self._submit(
            property_kind="repair", property_location=f"unit-{self.unit_x1.id}"
        )
        self.assertEqual(response.status_code, 200)
        ticket = self._tickets_of(self.resident_a.partner_id)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.property_unit_id, self.unit_x1)
        self.assertEqual(ticket.property_intake, "portal")
        self.assertEqual(ticket.company_id, self.company)
        self.assertEqual(ticket.team_id, self.team_x)
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["tap.png"])
        self.assertEqual(ticket.priority, "1")
        self.assertIn(f"/my/ticket/{ticket.id}", response.url)
        self.assertIn("A-1-0101", response.text)

    def test_resident_reports_an_emergency(self):
        self.authenticate("resident_a", "resident_a")
        self._submit(
            property_location=f"unit-{self.unit_x1.id}", property_emergency="1"
        )
        ticket = self._tickets_of(self.resident_a.partner_id)
        self.assertEqual(ticket.priority, "4")
        self.assertEqual(ticket.property_sla_id, self.sla_emergency)

    def test_resident_reports_public_area_complaint(self):
        self.authenticate("resident_a", "resident_a")
        self._submit(
            property_kind="complaint",
            property_location=f"community-{self.community_x.id}",
            category=self.cat_noise.id,
        )
        ticket = self._tickets_of(self.resident_a.partner_id)
        self.assertEqual(ticket.property_kind, "complaint")
        self.assertTrue(ticket.property_is_public_area)
        self.assertEqual(ticket.property_community_id, self.community_x)

    def test_other_home_or_community_is_not_found(self):
        self.authenticate("resident_a", "resident_a")
        for location in (
            f"unit-{self.unit_x2.id}",
            f"unit-{self.unit_z1.id}",
            f"community-{self.community_y.id}",
        ):
            response = self._submit(property_location=location)
            self.assertEqual(response.status_code, 404)
        response = self._submit(property_location="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose where the problem is", response.text)
        response = self._submit(
            property_location=f"unit-{self.unit_x1.id}", property_kind="bribe"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose what kind of request", response.text)
        self.assertFalse(self._tickets_of(self.resident_a.partner_id))

    def test_internal_user_without_property_role_reports_from_the_portal(self):
        """As helpdesk_mgmt allows: an employee with no Property role reports
        from the portal form and follows the ticket there, without a place,
        and reaches no unit or community through the form."""
        employee = new_test_user(
            self.env,
            login="hd_employee",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.authenticate("hd_employee", "hd_employee")
        form = self.url_open("/new/ticket")
        self.assertEqual(form.status_code, 200)
        self.assertNotIn(f"unit-{self.unit_x1.id}", form.text)
        response = self._submit()
        self.assertEqual(response.status_code, 200)
        ticket = self._tickets_of(employee.partner_id)
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.property_unit_id or ticket.property_community_id)
        self.assertIn(f"/my/ticket/{ticket.id}", response.url)
        self.assertIn("Kitchen tap leaks", response.text)
        for location in (
            f"unit-{self.unit_x1.id}",
            f"community-{self.community_x.id}",
        ):
            self.assertEqual(self._submit(property_location=location).status_code, 404)
        self.assertEqual(self._tickets_of(employee.partner_id), ticket)
        other = self.url_open(f"/my/ticket/{self.ticket_b.id}")
        self.assertEqual(other.status_code, 404)

    def test_another_residents_ticket_is_not_found(self):
        self.authenticate("resident_a", "resident_a")
        response = self.url_open(f"/my/ticket/{self.ticket_b.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Door of B jams", response.text)
        self.assertEqual(self.url_open("/my/ticket/999999999").status_code, 404)
        tickets = self.url_open("/my/tickets")
        self.assertNotIn("Door of B jams", tickets.text)
        # helpdesk_mgmt's close form does not close other people's tickets
        response = self.url_open(
            "/ticket/close",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "ticket_id": self.ticket_b.id,
                "stage_id": self.stage_cancelled.id,
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.ticket_b.closed)

    def test_resident_confirms_and_rates_in_the_portal(self):
        ticket = self._ticket(
            property_unit_id=self.unit_x1.id,
            partner_id=self.resident_a.partner_id.id,
            name="Broken window latch",
        )
        self.authenticate("resident_a", "resident_a")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('id="property_confirm"', page.text)
        ticket.stage_id = self.stage_done
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn('id="property_confirm"', page.text)
        response = self.url_open(
            f"/my/ticket/{ticket.id}/confirm",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "rating": "5",
                "comment": "Thanks!",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(ticket.property_rating, "5")
        self.assertIn('id="property_rating"', response.text)
        # Another resident cannot rate it, nor reopen it.
        self.authenticate("resident_b", "resident_b")
        response = self.url_open(
            f"/my/ticket/{ticket.id}/reopen",
            data={"csrf_token": http.Request.csrf_token(self), "reason": "Spam"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(ticket.closed)

    def test_resident_reopens_in_the_portal(self):
        ticket = self._ticket(
            property_unit_id=self.unit_x1.id,
            partner_id=self.resident_a.partner_id.id,
        )
        ticket.stage_id = self.stage_done
        self.authenticate("resident_a", "resident_a")
        response = self.url_open(
            f"/my/ticket/{ticket.id}/reopen",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "reason": "Still leaking",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ticket.closed)
        self.assertEqual(ticket.property_reopen_count, 1)

    def test_ticket_list_queries_do_not_grow_with_tickets(self):
        def queries_of_my_tickets():
            before = self.cr.sql_log_count
            response = self.url_open("/my/tickets")
            self.assertEqual(response.status_code, 200)
            return self.cr.sql_log_count - before

        def report(count):
            for i in range(count):
                self._ticket(
                    name=f"Report {i}",
                    property_unit_id=self.unit_x1.id,
                    partner_id=self.resident_a.partner_id.id,
                    category_id=self.cat_plumbing.id,
                )

        report(2)
        self.authenticate("resident_a", "resident_a")
        queries_of_my_tickets()  # templates compiled, caches warm
        few = queries_of_my_tickets()
        report(8)
        self.env.flush_all()
        self.assertEqual(queries_of_my_tickets(), few)

    def test_portal_tour(self):
        self.start_tour(
            "/my/tickets", "property_helpdesk_portal_new_ticket", login="resident_a"
        )
        ticket = self._tickets_of(self.resident_a.partner_id)
        self.assertEqual(ticket.property_kind, "complaint")
        self.assertTrue(ticket.property_is_public_area)
