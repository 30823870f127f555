from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import BillingCase


class TestFeeRateCommunity(BillingCase):
    """A community's own rate bills that community only; the others keep the
    company-wide rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community_b, cls.building_b = cls._create_community(
            "Osmanthus Court", "OSC"
        )
        cls.unit_b = cls._create_unit("0101", 90.0, cls.owner, building=cls.building_b)
        cls.contract_a = cls._create_contract()
        cls.contract_b = cls._create_contract(unit=cls.unit_b)

    def _rate(self, rate, date_from, community=None):
        return self.env["property.fee.rate"].create(
            {
                "fee_type_id": self.fee_area.id,
                "community_id": community and community.id,
                "date_from": date_from,
                "rate": rate,
            }
        )

    def _billed(self, date):
        """``(amount of A, amount of B)`` billed by a run on ``date``."""
        moves = self._run(date).move_ids
        return tuple(
            sum(
                moves.filtered(
                    lambda m, c=contract: m.property_contract_id == c
                ).mapped("amount_total")
            )
            for contract in (self.contract_a, self.contract_b)
        )

    def test_community_rate_bills_its_community_only(self):
        self._rate(3.0, "2026-02-01", self.community)
        # 100 m² in A, 90 m² in B at the company-wide 2.50 until A's own rate.
        self.assertEqual(self._billed("2026-01-01"), (250.0, 225.0))
        self.assertEqual(self._billed("2026-02-01"), (300.0, 225.0))
        self.assertEqual(self.fee_area.rate, 2.5)

    def test_community_keeps_its_rate_after_a_company_wide_change(self):
        self._rate(3.0, "2026-01-01", self.community)
        self._rate(2.6, "2026-02-01")
        self.assertEqual(self._billed("2026-02-01"), (600.0, 459.0))  # Jan + Feb
        self.assertEqual(self.fee_area.rate, 2.6)

    def test_community_rate_inside_a_period_is_prorated(self):
        self.contract_a.cycle = "quarterly"
        self._rate(3.4, "2026-02-01", self.community)
        # 100 m² x 3 months: 31 of 90 days at 2.50, 59 at 3.40
        amount_a, _amount_b = self._billed("2026-01-01")
        self.assertEqual(amount_a, round(750 * 31 / 90 + 1020 * 59 / 90, 2))

    def test_one_rate_per_fee_item_community_and_date(self):
        self._rate(3.0, "2026-02-01", self.community)
        self._rate(2.8, "2026-02-01", self.community_b)
        self._rate(2.6, "2026-02-01")
        for community in (self.community, None):
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.env.cr.savepoint(),
            ):
                self._rate(3.1, "2026-02-01", community)

    def test_staff_read_the_rates_of_their_communities_and_write_none(self):
        staff = self._staff_user("rate_staff_a", self.community)
        rate_a = self._rate(3.0, "2026-02-01", self.community)
        rate_b = self._rate(2.8, "2026-02-01", self.community_b)
        company_wide = self.fee_area.rate_ids - rate_a - rate_b
        Rate = self.env["property.fee.rate"].with_user(staff)
        self.assertEqual(
            Rate.search([("fee_type_id", "=", self.fee_area.id)]),
            company_wide | rate_a,
        )
        with self.assertRaises(AccessError):
            rate_b.with_user(staff).read(["rate"])
        with self.assertRaises(AccessError):
            rate_a.with_user(staff).write({"rate": 1.0})
        with self.assertRaises(AccessError):
            company_wide.with_user(staff).unlink()
        with self.assertRaises(AccessError):
            Rate.create(
                {
                    "fee_type_id": self.fee_area.id,
                    "community_id": self.community.id,
                    "date_from": "2026-03-01",
                    "rate": 0.5,
                }
            )
        self.assertEqual(rate_a.rate, 3.0)
