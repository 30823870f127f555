from odoo.exceptions import AccessError
from odoo.tests import freeze_time

from .common import DisclosureCase


@freeze_time("2026-05-01")
class TestSecurity(DisclosureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident_y = cls._portal_user("resident_y")
        cls._occupy(cls.unit_y1, cls.resident_y.partner_id, "owner", 100)
        cls.disclosure_x = cls._create_disclosure()
        cls.disclosure_y = cls._create_disclosure(community=cls.community_y)
        cls.draft_x = cls._create_disclosure(period_number=2)
        (cls.disclosure_x | cls.disclosure_y).action_publish()
        cls.standard_x, cls.standard_y = cls.env["property.service.standard"].create(
            [
                {
                    "community_id": community.id,
                    "name": "Patrol",
                    "standard": "Whole community",
                    "frequency": "Every 2 hours",
                    "responsible": "钱卫东",
                }
                for community in (cls.community_x, cls.community_y)
            ]
        )
        cls.vote_x = cls._create_vote()
        cls.vote_x.action_open()
        cls.vote_draft = cls._create_vote(name="Not announced yet")

    def setUp(self):
        super().setUp()
        # Rule domains are cached per user; the window depends on the date.
        self.env.registry.clear_cache()

    def test_resident_sees_own_community_disclosures_only(self):
        Disclosure = self.env["property.disclosure"].with_user(self.resident_a)
        self.assertEqual(Disclosure.search([]), self.disclosure_x)
        self.disclosure_x.with_user(self.resident_a).read(["body"])
        for other in (self.disclosure_y, self.draft_x):
            with self.assertRaises(AccessError):
                other.with_user(self.resident_a).read(["body"])
        with self.assertRaises(AccessError):
            self.disclosure_x.with_user(self.resident_a).write({"publish_to": False})
        self.assertEqual(
            self.env["property.disclosure"].with_user(self.resident_y).search([]),
            self.disclosure_y,
        )

    def test_resident_sees_nothing_outside_the_window(self):
        Disclosure = self.env["property.disclosure"].with_user(self.resident_a)
        for day in ("2026-04-09", "2026-07-11"):
            with self.subTest(day=day), freeze_time(day):
                self.assertFalse(Disclosure.search([]))
                with self.assertRaises(AccessError):
                    self.disclosure_x.with_user(self.resident_a).read(["body"])
        with freeze_time("2026-07-10"):
            self.assertEqual(Disclosure.search([]), self.disclosure_x)

    def test_superseded_version_stays_visible(self):
        correction = self.env["property.disclosure"].browse(
            self.disclosure_x.action_correct()["res_id"]
        )
        correction.correction_reason = "Typo in the cleaning cost"
        correction.action_publish()
        Disclosure = self.env["property.disclosure"].with_user(self.resident_a)
        self.assertEqual(Disclosure.search([]), self.disclosure_x | correction)

    def test_resident_reads_standards_of_own_community(self):
        Standard = self.env["property.service.standard"].with_user(self.resident_a)
        self.assertEqual(Standard.search([]), self.standard_x)
        with self.assertRaises(AccessError):
            self.standard_y.with_user(self.resident_a).read(["name"])

    def test_resident_has_no_access_to_ledgers_and_budgets(self):
        for model in (
            "property.budget",
            "property.fee.composition",
            "property.fund.move",
            "property.common.income",
            "property.disclosure.read",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.resident_a).search([])

    def test_resident_sees_own_ballots_only(self):
        Ballot = self.env["property.vote.ballot"].with_user(self.resident_a)
        mine = self.vote_x.ballot_ids.filtered(lambda b: b.unit_id == self.unit_x1)
        self.assertEqual(Ballot.search([]), mine)
        other = self.vote_x.ballot_ids - mine
        with self.assertRaises(AccessError):
            other.with_user(self.resident_a).read(["choice"])
        with self.assertRaises(AccessError):
            mine.with_user(self.resident_a).write(
                {"voter_id": self.resident_b.partner_id.id}
            )
        Vote = self.env["property.vote"]
        self.assertEqual(Vote.with_user(self.resident_a).search([]), self.vote_x)
        self.assertFalse(Vote.with_user(self.resident_y).search([]))
        with self.assertRaises(AccessError):
            self.vote_draft.with_user(self.resident_a).read(["name"])

    def test_staff_see_their_communities_only(self):
        env = self.env(user=self.staff_x)
        self.assertEqual(
            env["property.disclosure"].search([]), self.disclosure_x | self.draft_x
        )
        self.assertEqual(env["property.service.standard"].search([]), self.standard_x)
        with self.assertRaises(AccessError):
            self.disclosure_y.with_user(self.staff_x).read(["name"])
        with self.assertRaises(AccessError):
            self.env["property.fund.move"].with_user(self.staff_x).create(
                {
                    "name": "Wrong community",
                    "community_id": self.community_y.id,
                    "amount": 10,
                }
            )
        # Staff prepare and publish the disclosures of their communities.
        draft = self.draft_x.with_user(self.staff_x)
        draft.intro = "<p>Hello</p>"
        draft.action_publish()
        self.assertEqual(self.draft_x.state, "published")
        self.assertEqual(self.draft_x.published_by_id, self.staff_x)

    def test_manager_sees_own_company_only(self):
        disclosure_z = self._create_disclosure(community=self.community_z)
        env = self.env(user=self.manager)
        self.assertNotIn(disclosure_z, env["property.disclosure"].search([]))
        with self.assertRaises(AccessError):
            disclosure_z.with_user(self.manager).read(["name"])
