from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CommunityCase


@tagged("post_install", "-at_install")
class TestAnnouncementProxy(CommunityCase, HttpCase):
    """A daughter with no home of her own pays for resident B, her mother:
    she hears what is announced for her mother's flat, nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daughter = cls._portal_user("ann_daughter")
        cls.daughter.partner_id.write(
            {"email": "daughter@example.com", "property_contact_channel": "email"}
        )
        # sudo: set as staff would, the portal flows are tested here.
        cls.resident_b.partner_id.sudo().property_proxy_payer_id = (
            cls.daughter.partner_id
        )

    def test_proxy_joins_the_audience_of_the_home_she_pays_for(self):
        for values in (
            {"audience": "community"},
            {"audience": "building", "building_ids": [self.building_x.id]},
            {"audience": "unit", "unit_ids": [self.unit_x2.id]},
            {"occupant_scope": "owner"},
        ):
            with self.subTest(values=values):
                audience = self._announcement(**values)._get_audience_partners()
                self.assertEqual(audience[self.daughter.partner_id], self.unit_x2)
        # Not for the neighbour's flat, nor another community.
        for values in (
            {"audience": "unit", "unit_ids": [self.unit_x1.id]},
            {"community_id": self.community_y.id},
        ):
            with self.subTest(values=values):
                audience = self._announcement(**values)._get_audience_partners()
                self.assertNotIn(self.daughter.partner_id, audience)

    def test_proxy_reads_it_on_the_portal(self):
        notice = self._announcement(name="Water off on Friday")
        notice.action_publish()
        other = self._announcement(
            name="Owners of X1 only", audience="unit", unit_ids=[self.unit_x1.id]
        )
        other.action_publish()
        receipt = notice.recipient_ids.filtered(
            lambda r: r.partner_id == self.daughter.partner_id
        )
        self.assertEqual(receipt.unit_id, self.unit_x2)
        Announcement = self.env["property.announcement"].with_user(self.daughter)
        self.assertEqual(Announcement.search([]), notice)
        with self.assertRaises(AccessError):
            other.with_user(self.daughter).read(["name"])
        self.authenticate("ann_daughter", "ann_daughter")
        self.assertEqual(self.url_open("/my/home").status_code, 200)
        page = self.url_open("/my/announcements")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Water off on Friday", page.text)
        self.assertNotIn("Owners of X1 only", page.text)
        self.assertEqual(
            self.url_open(f"/my/announcements/{notice.id}").status_code, 200
        )
        self.assertEqual(
            self.url_open(f"/my/announcements/{other.id}").status_code, 404
        )

    def test_no_longer_paying_no_longer_told(self):
        # sudo: set as staff would.
        self.resident_b.partner_id.sudo().property_proxy_payer_id = False
        audience = self._announcement()._get_audience_partners()
        self.assertNotIn(self.daughter.partner_id, audience)
