from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import HelpdeskCase


@tagged("post_install", "-at_install")
class TestPortalProxy(HelpdeskCase, HttpCase):
    """A daughter with no home of her own pays for resident A, her mother:
    she reports repairs in her mother's flat, nowhere else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daughter = cls._portal_user("hd_daughter")
        # sudo: set as staff would, the portal flows are tested here.
        cls.resident_a.partner_id.sudo().property_proxy_payer_id = (
            cls.daughter.partner_id
        )

    def _submit(self, location):
        return self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Mother's tap leaks",
                "description": "It drips all night.",
                "category": self.cat_plumbing.id,
                "property_location": location,
            },
            allow_redirects=False,
        )

    def _daughters_tickets(self):
        return self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.daughter.partner_id.id)]
        )

    def test_units_paid_for(self):
        partner = self.daughter.partner_id
        self.assertEqual(partner._property_units_paid_for(), self.unit_x1)
        self.assertEqual(
            partner.with_user(self.daughter)._property_units_paid_for(), self.unit_x1
        )
        self.assertEqual(
            partner.with_user(self.staff_x)._property_units_paid_for(), self.unit_x1
        )
        # Nobody else learns whose homes she pays for.
        with self.assertRaises(AccessError):
            partner.with_user(self.resident_b)._property_units_paid_for()
        self.assertFalse(self.resident_b.partner_id._property_units_paid_for())
        # Her mother moved out: nothing left to pay for.
        self.occupancy_a.date_end = "2021-01-01"
        self.assertFalse(partner._property_units_paid_for())

    def test_the_record_rules_are_not_widened(self):
        Unit = self.env["property.unit"].with_user(self.daughter)
        self.assertFalse(Unit.search([]))
        with self.assertRaises(AccessError):
            self.unit_x1.with_user(self.daughter).read(["code"])

    def test_form_offers_the_mothers_flat_only(self):
        self.authenticate("hd_daughter", "hd_daughter")
        page = self.url_open("/new/ticket").text
        self.assertIn(f'value="unit-{self.unit_x1.id}"', page)
        self.assertIn(self.unit_x1.code, page)
        self.assertIn("Homes of the people I pay for", page)
        self.assertNotIn(f'value="unit-{self.unit_x2.id}"', page)
        self.assertNotIn(f'value="community-{self.community_x.id}"', page)

    def test_daughter_reports_a_repair_in_her_mothers_flat(self):
        self.authenticate("hd_daughter", "hd_daughter")
        response = self._submit(f"unit-{self.unit_x1.id}")
        self.assertIn(response.status_code, (302, 303))
        ticket = self._daughters_tickets()
        self.assertEqual(ticket.property_unit_id, self.unit_x1)
        self.assertEqual(ticket.property_community_id, self.community_x)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Mother&#39;s tap leaks", page.text)
        self.assertIn(self.unit_x1.code, page.text)

    @mute_logger("odoo.http")
    def test_other_homes_and_places_are_refused(self):
        self.authenticate("hd_daughter", "hd_daughter")
        for location in (
            f"unit-{self.unit_x2.id}",  # the neighbour's flat
            f"unit-{self.unit_y1.id}",
            f"unit-{self.unit_z1.id}",
            f"community-{self.community_x.id}",  # she lives elsewhere
            "unit-999999",
        ):
            with self.subTest(location=location):
                self.assertEqual(self._submit(location).status_code, 404)
        response = self._submit("")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose where the problem is", response.text)
        self.assertFalse(self._daughters_tickets())

    @mute_logger("odoo.http")
    def test_no_longer_paying_no_longer_reporting(self):
        # sudo: set as staff would.
        self.resident_a.partner_id.sudo().property_proxy_payer_id = False
        self.authenticate("hd_daughter", "hd_daughter")
        self.assertEqual(self._submit(f"unit-{self.unit_x1.id}").status_code, 404)
        self.assertFalse(self._daughters_tickets())
