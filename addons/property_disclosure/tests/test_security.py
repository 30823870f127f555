import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import mute_logger

from odoo.addons.property_base.tools import with_server_flag
from odoo.addons.property_disclosure.tools import BALLOT_CAST

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
        correction = self._correct(self.disclosure_x, "Typo in the cleaning cost")
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


class TestCommunityIsolation(DisclosureCase):
    """Staff of community X against the records of community Y, model by
    model: nothing to read, write, create or delete."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        y = cls.community_y
        cls.owner_y = cls.env["res.partner"].create({"name": "孙丽"})
        cls._occupy(cls.unit_y1, cls.owner_y, "owner", 100)
        standard = cls.env["property.service.standard"].create(
            {
                "community_id": y.id,
                "name": "Patrol",
                "standard": "Whole community",
                "frequency": "Every 2 hours",
                "responsible": "钱卫东",
            }
        )
        composition = cls.env["property.fee.composition"].create(
            {
                "community_id": y.id,
                "year": 2026,
                "line_ids": [
                    Command.create({"category_id": cls.cat_staff.id, "amount": 4800})
                ],
            }
        )
        budget = cls.env["property.budget"].create(
            {
                "community_id": y.id,
                "year": 2026,
                "line_ids": [
                    Command.create(
                        {"category_id": cls.cat_staff.id, "amount_planned": 5000}
                    )
                ],
            }
        )
        draft_vote = cls._fee_vote(community_id=y.id)
        open_vote = cls._create_vote(community=y, name="Open in Y")
        open_vote.action_open()
        fund_move = cls.env["property.fund.move"].create(
            {"name": "Contribution", "community_id": y.id, "amount": 100}
        )
        income = cls.env["property.common.income"].create(
            {"name": "Parking", "community_id": y.id, "amount": 80, "source": "parking"}
        )
        disclosure = cls._create_disclosure(community=y)
        published = cls._create_disclosure(community=y, period_number=2)
        published.action_publish()
        published._mark_read(cls.owner_y)
        cls.budget_y, cls.published_y = budget, published
        now = "2026-05-01 08:00:00"
        # (records of Y, values written, values of a record created in Y)
        cls.cases = [
            (
                standard,
                {"name": "Changed"},
                {
                    "community_id": y.id,
                    "name": "Other",
                    "standard": "Any",
                    "frequency": "Daily",
                    "responsible": "X",
                },
            ),
            (composition, {"basis": "Changed"}, {"community_id": y.id, "year": 2030}),
            (
                composition.line_ids,
                {"amount": 1},
                {
                    "composition_id": composition.id,
                    "category_id": cls.cat_cleaning.id,
                    "amount": 1,
                },
            ),
            (budget, {"note": "Changed"}, {"community_id": y.id, "year": 2030}),
            (
                budget.line_ids,
                {"amount_planned": 1},
                {
                    "budget_id": budget.id,
                    "category_id": cls.cat_cleaning.id,
                    "amount_planned": 1,
                },
            ),
            (
                draft_vote,
                {"name": "Changed"},
                {
                    "name": "Other",
                    "community_id": y.id,
                    "matter_id": cls.matter_ordinary.id,
                    "date_end": "2026-12-31",
                },
            ),
            (
                draft_vote.rate_ids,
                {"proposed_rate": 9},
                {
                    "vote_id": draft_vote.id,
                    "name": "Parking",
                    "current_rate": 1,
                    "proposed_rate": 2,
                },
            ),
            (
                open_vote.ballot_ids,
                {"voter_id": cls.owner_y.id},
                {
                    "vote_id": draft_vote.id,
                    "unit_id": cls.unit_y1.id,
                    "area": 75.25,
                    "voter_id": cls.owner_y.id,
                },
            ),
            (
                fund_move,
                {"amount": 1},
                {"name": "X", "community_id": y.id, "amount": 1},
            ),
            (
                income,
                {"amount": 1},
                {"name": "X", "community_id": y.id, "amount": 1, "source": "other"},
            ),
            (
                disclosure,
                {"name": "Changed"},
                {
                    "name": "Other",
                    "community_id": y.id,
                    "year": 2027,
                    "period_number": 1,
                },
            ),
            (
                published.read_ids,
                {"acknowledged_at": now},
                {
                    "disclosure_id": published.id,
                    "partner_id": cls.owner_y.id,
                    "first_read_at": now,
                },
            ),
        ]

    def test_every_model_is_closed_to_staff_of_another_community(self):
        # Every model the module defines is here, but its shared configuration
        # (the community and unit it extends are property_base's).
        data = self.env["ir.model.data"].search(
            [("module", "=", "property_disclosure"), ("model", "=", "ir.model")]
        )
        names = self.env["ir.model"].browse(data.mapped("res_id")).mapped("model")
        defined = {
            name
            for name in names
            if not self.env[name]._transient
            and self.env[name]._original_module == "property_disclosure"
        }
        self.assertEqual(
            {records._name for records, _write, _create in self.cases},
            defined - {"property.cost.category", "property.vote.matter"},
        )
        for records, write_values, create_values in self.cases:
            Model = self.env[records._name].with_user(self.staff_x)
            # Ballots are only created by the announcement: the flag it sets
            # does not open another community's vote.
            Model = with_server_flag(Model, BALLOT_CAST)
            with self.subTest(model=records._name):
                self.assertTrue(records)
                self.assertFalse(Model.search([("id", "in", records.ids)]))
                with self.assertRaises(AccessError):
                    records.with_user(self.staff_x).read(["display_name"])
                with self.assertRaises(AccessError):
                    records.with_user(self.staff_x).write(write_values)
                with self.assertRaises(AccessError):
                    Model.create(create_values)
                with self.assertRaises(AccessError):
                    records.with_user(self.staff_x).unlink()
                self.assertEqual(len(records.exists()), len(records))

    def test_checks_before_sudo(self):
        """Totals read with sudo() are only given for records the user reads."""
        with self.assertRaises(AccessError):
            self.community_y.with_user(self.resident_a)._fund_balances("2026-12-31")
        with self.assertRaises(AccessError):
            self.community_y.with_user(self.resident_a)._fund_owner_shares("2026-12-31")
        self.assertIsInstance(
            self.community_x.with_user(self.resident_a)._fund_balances("2026-12-31"),
            dict,
        )
        with self.assertRaises(AccessError):
            self.budget_y.with_user(self.staff_x)._get_actuals()
        with self.assertRaises(AccessError):
            self.published_y.with_user(self.staff_x)._compute_read_counts()
        self.assertEqual(self.published_y.with_user(self.manager).read_count, 1)

    def test_cost_categories_of_another_company_are_not_shown(self):
        other = self.env["property.cost.category"].create(
            {"name": "Other", "code": "OTH", "company_id": self.other_company.id}
        )
        Category = self.env["property.cost.category"].with_user(self.staff_x)
        self.assertIn(self.cat_staff, Category.search([]))
        self.assertNotIn(other, Category.search([]))


@tagged("post_install", "-at_install")
class TestJsonRpc(DisclosureCase, HttpCase):
    """What the web client's RPC lets staff send, with any context."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vote = cls._create_vote()
        cls.vote.action_open()
        cls.ballot = cls.vote.ballot_ids.filtered(lambda b: b.unit_id == cls.unit_x1)
        cls._record_ballot(cls.ballot, "no")
        cls.disclosure = cls._create_disclosure()
        cls.disclosure.action_publish()

    def _call(self, model, method, args, context):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": {"context": context},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    @mute_logger("odoo.http")  # the refused calls
    def test_client_context_switches_no_check_off(self):
        self.authenticate("pm_staff_x", "pm_staff_x")
        every_key = {
            "property_vote_cast": True,
            "property_vote_action": True,
            "property_disclosure_action": True,
        }
        calls = [
            ("property.vote", "write", [[self.vote.id], {"state": "closed"}]),
            ("property.vote", "write", [[self.vote.id], {"result": "approved"}]),
            (
                "property.vote",
                "write",
                [[self.vote.id], {"state": "draft", "date_end": "2026-12-31"}],
            ),
            ("property.vote.ballot", "write", [[self.ballot.id], {"choice": "yes"}]),
            ("property.vote.ballot", "write", [[self.ballot.id], {"area": 999.0}]),
            (
                "property.disclosure",
                "write",
                [[self.disclosure.id], {"state": "draft"}],
            ),
            (
                "property.disclosure",
                "write",
                [[self.disclosure.id], {"body": "<p>Other figures</p>"}],
            ),
        ]
        for model, method, args in calls:
            for context in ({}, every_key):
                with self.subTest(model=model, args=args, context=context):
                    result = self._call(model, method, args, context)
                    self.assertIn("error", result)
                    self.assertEqual(
                        result["error"]["data"]["name"], "odoo.exceptions.UserError"
                    )
        # Nor defaults for the fields only actions write.
        result = self._call(
            "property.vote",
            "create",
            [
                {
                    "name": "Decided already",
                    "community_id": self.community_x.id,
                    "matter_id": self.matter_ordinary.id,
                    "date_end": "2026-03-31",
                }
            ],
            {"default_state": "published", "default_result": "approved"},
        )
        self.assertIn("error", result)
        self.assertEqual(
            (self.vote.state, self.vote.result, self.ballot.choice, self.ballot.area),
            ("open", False, "no", 89.5),
        )
        self.assertEqual(self.disclosure.state, "published")
        self.assertNotIn("Other figures", self.disclosure.body)
        self.assertFalse(
            self.env["property.vote"].search([("name", "=", "Decided already")])
        )
