from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time

from .common import DisclosureCase


class TestFund(DisclosureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.building_x2 = cls._create_building(cls.community_x, "B")
        cls.unit_x3 = cls._create_unit(cls.building_x2, "0101", 100.0)

    def _move(
        self, amount, move_type="contribution", building=None, post=True, **values
    ):
        move = self.env["property.fund.move"].create(
            {
                "name": f"{move_type} {amount}",
                "community_id": self.community_x.id,
                "building_id": building and building.id,
                "date": "2026-01-15",
                "move_type": move_type,
                "amount": amount,
                **values,
            }
        )
        if post:
            move.action_post()
        return move

    def _approved_fund_vote(self):
        vote = self._create_vote(matter=self.matter_fund)
        vote.action_open()
        self._record_ballot(vote.ballot_ids, "yes")
        with freeze_time("2026-04-01"):
            vote.action_close()
        self.assertEqual(vote.result, "approved")
        return vote

    def test_balances_per_building_and_community(self):
        self._move(20950, building=self.building_x)
        self._move(10000, building=self.building_x2)
        self._move(300.75, "interest")
        self._move(999, building=self.building_x, post=False)
        balances = self.community_x._fund_balances("2026-12-31")
        self.assertEqual(balances[self.building_x], 20950)
        self.assertEqual(balances[self.building_x2], 10000)
        self.assertEqual(balances[self.env["property.building"]], 300.75)
        self.assertEqual(self.community_x.fund_balance, 31250.75)
        # Entries after the date are not in the balance at that date.
        self.assertFalse(self.community_x._fund_balances("2026-01-14"))

    def test_owner_shares_by_area(self):
        self._move(20950, building=self.building_x)
        self._move(10000, building=self.building_x2)
        self._move(309.5, "interest")
        # Building A: 89.5 + 120 m²; building B: 100 m²; community 309.5 m².
        self.assertEqual(self.unit_x1.fund_share, round(20950 * 89.5 / 209.5 + 89.5, 2))
        self.assertEqual(self.unit_x2.fund_share, round(20950 * 120 / 209.5 + 120, 2))
        self.assertEqual(self.unit_x3.fund_share, 10100)
        total = (
            self.unit_x1.fund_share + self.unit_x2.fund_share + self.unit_x3.fund_share
        )
        self.assertAlmostEqual(total, self.community_x.fund_balance, places=2)

    def test_use_needs_an_approved_fund_vote(self):
        self._move(5000, building=self.building_x)
        use = self._move(1000, "use", building=self.building_x, post=False)
        with self.assertRaisesRegex(UserError, "needs the owners' approval"):
            use.action_post()
        ordinary = self._create_vote()
        ordinary.action_open()
        use.vote_id = ordinary
        with self.assertRaisesRegex(UserError, "needs the owners' approval"):
            use.action_post()
        self.assertEqual(use.state, "draft")
        use.vote_id = self._approved_fund_vote()
        use.action_post()
        self.assertEqual(use.state, "posted")
        self.assertEqual(use.amount_signed, -1000)
        self.assertEqual(
            self.community_x._fund_balances("2026-12-31")[self.building_x], 4000
        )

    def test_use_cannot_exceed_the_balance(self):
        self._move(500, building=self.building_x)
        vote = self._approved_fund_vote()
        use = self._move(
            500.01, "use", building=self.building_x, post=False, vote_id=vote.id
        )
        with self.assertRaisesRegex(UserError, "less than"):
            use.action_post()
        self.assertEqual(use.state, "draft")

    def test_posted_entries_are_final(self):
        move = self._move(100)
        with self.assertRaises(UserError):
            move.amount = 200
        with self.assertRaises(UserError):
            move.unlink()

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "above zero"):
            self._move(0)
        with self.assertRaisesRegex(ValidationError, "is not in"):
            self._move(10, building=self.building_y)

    def test_common_income_balance(self):
        Income = self.env["property.common.income"]
        Income.create(
            [
                {
                    "name": "Parking",
                    "community_id": self.community_x.id,
                    "kind": "income",
                    "source": "parking",
                    "amount": 800,
                },
                {
                    "name": "Playground",
                    "community_id": self.community_x.id,
                    "kind": "use",
                    "amount": 300,
                },
            ]
        )
        entries = Income.search([("community_id", "=", self.community_x.id)])
        self.assertEqual(sum(entries.mapped("amount_signed")), 500)
        with self.assertRaisesRegex(ValidationError, "where the income comes from"):
            Income.create(
                {
                    "name": "Unknown",
                    "community_id": self.community_x.id,
                    "kind": "income",
                    "amount": 1,
                }
            )
