from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import mute_logger

from .common import DisclosureCase

OVERLAY = (
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">Pay to '
    "account 6222</div><script>alert('owned')</script>"
    '<img src="x" onerror="alert(1)"><iframe src="https://evil.example"></iframe>'
    "<p>Dear owners</p>"
)
UNSAFE = ("position:fixed", "alert('owned')", "alert(1)", "evil.example")


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
        # The publish time in the resident's time zone (UTC+8), to the minute.
        self.resident_a.tz = "Asia/Shanghai"
        published = self.disclosure_x.published_at
        local = published + timedelta(hours=8)
        page = self.url_open(f"/my/disclosures/{self.disclosure_x.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(local.strftime("%H:%M"), page.text)
        self.assertNotIn(local.strftime("%H:%M:%S"), page.text)
        self.assertNotIn(str(published), page.text)
        self.assertIn("20,950.00", page.text)
        # Resident A's share of the fund: 89.5 of building A's 209.5 m².
        self.assertIn("8,950.00", page.text)
        self.assertIn(self.disclosure_x.content_digest, page.text)
        # Reading the page records nothing: its script posts the reading.
        self.assertEqual(self.disclosure_x.read_count, 0)
        self.assertIn("o_property_disclosure_read", page.text)
        response = self.url_open(
            f"/my/disclosures/{self.disclosure_x.id}/read",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.json(), {"read": True})
        self.disclosure_x.invalidate_recordset(["read_count", "ack_count"])
        self.assertEqual(self.disclosure_x.read_count, 1)
        self.assertEqual(self.disclosure_x.ack_count, 0)
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
        token = self._csrf()
        for disclosure in (self.disclosure_y, self.later_x):
            for suffix in ("/read", "/acknowledge"):
                response = self.url_open(
                    f"/my/disclosures/{disclosure.id}{suffix}",
                    data={"csrf_token": token},
                )
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(disclosure.name, response.text)
        self.assertFalse((self.disclosure_y | self.later_x).read_ids)

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
        # The co-owner reads the unit's ballot, but only its voter casts it.
        self.assertTrue(self.ballot_b.with_user(co_owner).has_access("read"))
        with self.assertRaisesRegex(AccessError, "designated voter"):
            self.ballot_b.with_user(co_owner)._cast_by_voter("no")
        self.assertFalse(self.ballot_b.choice)
        self.ballot_b.with_user(self.resident_b)._cast_by_voter("no")
        self.assertEqual(self.ballot_b.cast_by_id, self.resident_b.partner_id)

    def test_other_community_vote_is_not_found(self):
        self.authenticate("resident_y", "resident_y")
        self.assertEqual(self.url_open(f"/my/votes/{self.vote.id}").status_code, 404)
        self.assertNotIn(self.vote.name, self.url_open("/my/votes").text)

    @mute_logger("odoo.http")  # the refused CSRF tokens
    def test_state_changing_routes_need_post_and_csrf(self):
        self.authenticate("resident_a", "resident_a")
        vote_url = f"/my/votes/{self.vote.id}/cast"
        cast = {"ballot_id": self.ballot_a.id, "choice": "yes"}
        disclosure_url = f"/my/disclosures/{self.disclosure_x.id}"
        for url in (f"{disclosure_url}/read", f"{disclosure_url}/acknowledge"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 405)
                # A form posted from another site has no CSRF token.
                response = self.url_open(url, data={"choice": "yes"})
                self.assertEqual(response.status_code, 400)
        response = self.url_open(
            f"{vote_url}?ballot_id={self.ballot_a.id}&choice=yes",
        )
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self.url_open(vote_url, data=cast).status_code, 400)
        self.assertFalse(self.disclosure_x.read_ids)
        self.assertFalse(self.ballot_a.choice)

    def test_routes_with_ids_of_others_are_not_found(self):
        other_vote = self._create_vote(community=self.community_y)
        other_vote.action_open()
        other_ballot = other_vote.ballot_ids
        self.authenticate("resident_a", "resident_a")
        token = self._csrf()
        # Another community's vote, another resident's ballot, a ballot of
        # another vote under the resident's own vote.
        for vote, ballot in (
            (other_vote, other_ballot),
            (self.vote, other_ballot),
            (self.vote, self.ballot_b),
            (other_vote, self.ballot_a),
        ):
            with self.subTest(vote=vote.id, ballot=ballot.id):
                response = self.url_open(
                    f"/my/votes/{vote.id}/cast",
                    data={"csrf_token": token, "ballot_id": ballot.id, "choice": "no"},
                )
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.url_open(f"/my/votes/{other_vote.id}").status_code, 404)
        ballots = other_ballot | self.ballot_a | self.ballot_b
        self.assertFalse(any(ballots.mapped("choice")))

    def test_public_page_shows_versions_fingerprint_and_safe_html(self):
        correction = self._correct(self.disclosure_x, "Cleaning cost of March")
        correction.action_publish()
        # Stored under laxer rules, or from elsewhere: sanitized when shown.
        self.env.cr.execute(
            "UPDATE property_disclosure SET intro = %s, body = %s WHERE id = %s",
            [OVERLAY, OVERLAY, self.disclosure_x.id],
        )
        self.disclosure_x.invalidate_recordset()
        community = self.community_x
        page = self.url_open(f"/disclosure/{community.id}/{community.disclosure_token}")
        self.assertEqual(page.status_code, 200)
        text = page.text
        # Both versions, the reason, the links between them.
        self.assertIn(f'id="property_disclosure_{self.disclosure_x.id}"', text)
        self.assertIn(f'id="property_disclosure_{correction.id}"', text)
        self.assertIn(f'href="#property_disclosure_{correction.id}"', text)
        self.assertIn(f'href="#property_disclosure_{self.disclosure_x.id}"', text)
        self.assertEqual(text.count("Cleaning cost of March"), 2)
        # The fingerprints and the windows.
        self.assertIn(self.disclosure_x.content_digest, text)
        self.assertIn(correction.content_digest, text)
        self.assertIn("shown from 2026-03-01", text)
        self.assertIn("until 2026-03-31", text)
        self.assertIn("Dear owners", text)
        for trace in UNSAFE:
            self.assertNotIn(trace, text)
        self.authenticate("resident_a", "resident_a")
        text = self.url_open(f"/my/disclosures/{self.disclosure_x.id}").text
        self.assertIn("Dear owners", text)
        self.assertIn(f'href="/my/disclosures/{correction.id}"', text)
        for trace in UNSAFE:
            self.assertNotIn(trace, text)

    def test_vote_justification_is_sanitized(self):
        self.env.cr.execute(
            "UPDATE property_vote SET justification = %s WHERE id = %s",
            [OVERLAY, self.vote.id],
        )
        self.vote.invalidate_recordset()
        self.authenticate("resident_a", "resident_a")
        text = self.url_open(f"/my/votes/{self.vote.id}").text
        self.assertIn("Dear owners", text)
        for trace in UNSAFE:
            self.assertNotIn(trace, text)


@tagged("post_install", "-at_install")
class TestPortalTour(DisclosureCase, HttpCase):
    def test_opening_a_disclosure_records_the_reading(self):
        # Published since yesterday: visible whatever the time zones of the
        # test's user and of the resident's browser (near midnight they
        # disagree on the date).
        yesterday = fields.Date.today() - timedelta(days=1)
        disclosure = self._create_disclosure(
            name="Report read in the browser",
            publish_from=yesterday,
            publish_to=False,
        )
        disclosure.action_publish()
        self.start_tour(
            "/my/disclosures", "property_disclosure_read", login="resident_a"
        )
        self.assertEqual(disclosure.read_ids.partner_id, self.resident_a.partner_id)
        self.assertFalse(disclosure.read_ids.acknowledged_at)
