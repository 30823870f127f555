from odoo.tests import HttpCase, tagged

from .common import PropertyCase


@tagged("post_install", "-at_install")
class TestPortal(PropertyCase, HttpCase):
    def test_unit_access_url_points_to_portal_page(self):
        self.assertEqual(self.unit_x1.access_url, f"/my/units/{self.unit_x1.id}")

    def test_my_units_lists_own_units_only(self):
        self.authenticate("resident_a", "resident_a")
        response = self.url_open("/my/units")
        self.assertEqual(response.status_code, 200)
        self.assertIn("A-1-0101", response.text)
        self.assertNotIn("A-1-0102", response.text)

    def test_unit_page_shows_co_occupants(self):
        tenant = self.env["res.partner"].create({"name": "李娜"})
        self._occupy(self.unit_x1, tenant, "tenant", date_start="2024-01-01")
        self.authenticate("resident_a", "resident_a")
        response = self.url_open(f"/my/units/{self.unit_x1.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("李娜", response.text)
        self.assertIn(self.resident_a.partner_id.name, response.text)

    def test_other_resident_unit_is_not_found(self):
        self.authenticate("resident_a", "resident_a")
        for unit in (self.unit_x2, self.unit_z1):
            response = self.url_open(f"/my/units/{unit.id}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(unit.code, response.text)
        # A unit id that does not exist looks exactly the same.
        self.assertEqual(self.url_open("/my/units/999999999").status_code, 404)

    def test_another_units_token_opens_nothing(self):
        token = self.unit_x1._portal_ensure_token()
        self.authenticate("resident_b", "resident_b")
        for unit in (self.unit_x1, self.unit_z1):
            response = self.url_open(f"/my/units/{unit.id}?access_token={token[:-1]}x")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(unit.code, response.text)
        response = self.url_open(f"/my/units/{self.unit_z1.id}?access_token={token}")
        self.assertEqual(response.status_code, 404)
        # Units of other residents never appear in the list either.
        listing = self.url_open("/my/units")
        self.assertIn(self.unit_x2.code, listing.text)
        self.assertNotIn(self.unit_z1.code, listing.text)

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open(f"/my/units/{self.unit_x1.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_portal_home_counts_units(self):
        self.authenticate("resident_a", "resident_a")
        response = self.url_open(
            "/my/counters",
            data='{"params": {"counters": ["unit_count"]}}',
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["unit_count"], 1)

    def test_portal_tour(self):
        self.start_tour("/my", "property_base_portal_units", login="resident_a")
