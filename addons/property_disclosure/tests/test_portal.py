from odoo.tests import HttpCase, freeze_time, tagged

from .common import DisclosureCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-10 09:00:00")
class TestPortal(DisclosureCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident_y = cls._portal_user("resident_y")
        cls._occupy(cls.unit_y1, cls.resident_y.partner_id, "owner", 100)
        cls.env["property.fund.move"].create(
            {
                "name": "首期交存",
                "community_id": cls.community_x.id,
                "building_id": cls.building_x.id,
                "date": "2025-11-01",
                "amount": 20950,
            }
        ).action_post()
        cls.disclosure_x = cls._create_disclosure(
            name="Q4 report of Jade Lake",
            year=2025,
            period_number=4,
            publish_from="2026-03-01",
            publish_to="2026-03-31",
        )
        cls.disclosure_y = cls._create_disclosure(
            community=cls.community_y,
            name="Q4 report of Osmanthus",
            year=2025,
            period_number=4,
            publish_from="2026-03-01",
        )
        cls.later_x = cls._create_disclosure(
            name="Next report", publish_from="2026-04-10"
        )
        (cls.disclosure_x | cls.disclosure_y | cls.later_x).action_publish()
        cls.vote = cls._create_vote()
        cls.vote.action_open()
        cls.ballot_a = cls.vote.ballot_ids.filtered(lambda b: b.unit_id == cls.unit_x1)
        cls.ballot_b = cls.vote.ballot_ids - cls.ballot_a

    def setUp(self):
        super().setUp()
        self.env.registry.clear_cache()

    def test_my_disclosures_list_and_detail(self):
        self.authenticate("resident_a", "resident_a")
        page = self.url_open("/my/disclosures")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Q4 report of Jade Lake", page.text)
        self.assertNotIn("Q4 report of Osmanthus", page.text)
        self.assertNotIn("Next report", page.text)
        page = self.url_open(f"/my/disclosures/{self.disclosure_x.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("20,950.00", page.text)
        # Resident A's share of the fund: 89.5 of building A's 209.5 m².
        self.assertIn("8,950.00", page.text)
        self.assertEqual(self.disclosure_x.read_count, 1)
        counters = self.url_open(
            "/my/counters",
            data='{"params": {"counters": ["property_disclosure_count", '
            '"property_vote_count"]}}',
            headers={"Content-Type": "application/json"},
        ).json()["result"]
        self.assertEqual(
            counters, {"property_disclosure_count": 1, "property_vote_count": 1}
        )

    def test_other_community_or_outside_window_is_not_found(self):
        self.authenticate("resident_a", "resident_a")
        for disclosure in (self.disclosure_y, self.later_x):
            for suffix in ("", "/pdf"):
                response = self.url_open(f"/my/disclosures/{disclosure.id}{suffix}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(disclosure.name, response.text)
        self.assertEqual(self.url_open("/my/disclosures/999999999").status_code, 404)
        response = self.url_open(
            f"/my/disclosures/{self.disclosure_y.id}/acknowledge",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.disclosure_y.read_ids)

    def _csrf(self):
        """The CSRF token of the session, from a page holding a form."""
        page = self.url_open(f"/my/disclosures/{self.disclosure_x.id}")
        return page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    def test_acknowledge(self):
        self.authenticate("resident_a", "resident_a")
        token = self._csrf()
        response = self.url_open(
            f"/my/disclosures/{self.disclosure_x.id}/acknowledge",
            data={"csrf_token": token},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("property_disclosure_acknowledged", response.text)
        self.assertEqual(self.disclosure_x.ack_count, 1)
        read = self.disclosure_x.read_ids
        self.assertEqual(read.partner_id, self.resident_a.partner_id)

    def test_public_page_needs_the_community_key(self):
        community = self.community_x
        url = f"/disclosure/{community.id}/{community.disclosure_token}"
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Q4 report of Jade Lake", page.text)
        self.assertNotIn("Next report", page.text)
        self.assertNotIn("Osmanthus", page.text)
        self.assertEqual(
            self.url_open(f"/disclosure/{community.id}/wrong-key").status_code, 404
        )
        # Another community's key does not open this community's page.
        other = f"/disclosure/{community.id}/{self.community_y.disclosure_token}"
        self.assertEqual(self.url_open(other).status_code, 404)
        with freeze_time("2026-04-01 09:00:00"):
            page = self.url_open(url)
            self.assertNotIn("Q4 report of Jade Lake", page.text)
        community.action_reset_disclosure_token()
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_vote_in_the_portal(self):
        self.authenticate("resident_a", "resident_a")
        page = self.url_open(f"/my/votes/{self.vote.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.unit_x1.code, page.text)
        self.assertNotIn(self.unit_x2.code, page.text)
        token = self._csrf()
        # Resident B's ballot cannot be cast by A.
        response = self.url_open(
            f"/my/votes/{self.vote.id}/cast",
            data={"csrf_token": token, "ballot_id": self.ballot_b.id, "choice": "no"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.ballot_b.choice)
        response = self.url_open(
            f"/my/votes/{self.vote.id}/cast",
            data={"csrf_token": token, "ballot_id": self.ballot_a.id, "choice": "yes"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.ballot_a.choice, "yes")
        self.assertEqual(self.ballot_a.channel, "portal")
        self.assertEqual(self.ballot_a.recorded_by_id, self.resident_a)
        # A second attempt is refused with the reason.
        response = self.url_open(
            f"/my/votes/{self.vote.id}/cast",
            data={"csrf_token": token, "ballot_id": self.ballot_a.id, "choice": "no"},
        )
        self.assertIn("already cast", response.text)
        self.assertEqual(self.ballot_a.choice, "yes")

    def test_co_owner_who_is_not_the_voter_cannot_cast(self):
        co_owner = self._portal_user("co_owner_a")
        self._occupy(self.unit_x2, co_owner.partner_id, "owner", 0)
        self.authenticate("co_owner_a", "co_owner_a")
        page = self.url_open(f"/my/votes/{self.vote.id}")
        self.assertIn("votes for this unit", page.text)
        token = self._csrf()
        response = self.url_open(
            f"/my/votes/{self.vote.id}/cast",
            data={"csrf_token": token, "ballot_id": self.ballot_b.id, "choice": "no"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.ballot_b.choice)

    def test_other_community_vote_is_not_found(self):
        self.authenticate("resident_y", "resident_y")
        self.assertEqual(self.url_open(f"/my/votes/{self.vote.id}").status_code, 404)
        self.assertNotIn(self.vote.name, self.url_open("/my/votes").text)
