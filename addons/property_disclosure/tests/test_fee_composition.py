from odoo import Command
from odoo.exceptions import ValidationError

from .common import DisclosureCase


class TestFeeComposition(DisclosureCase):
    def _composition(self, fee_model="lump_sum", **values):
        return self.env["property.fee.composition"].create(
            {
                "community_id": self.community_x.id,
                "year": 2026,
                "fee_model": fee_model,
                "line_ids": [
                    Command.create({"category_id": self.cat_staff.id, "amount": 4800}),
                    Command.create(
                        {"category_id": self.cat_cleaning.id, "amount": 1233.6}
                    ),
                ],
                **values,
            }
        )

    def test_lump_sum_per_m2_per_month_from_the_community_area(self):
        composition = self._composition(
            line_ids=[
                Command.create({"category_id": self.cat_staff.id, "amount": 4800}),
                Command.create({"category_id": self.cat_management.id, "amount": 500}),
            ]
        )
        # 89.5 + 120 m² in community X.
        self.assertEqual(composition.area, 209.5)
        self.assertEqual(composition.cost_total, 4800)
        self.assertEqual(composition.remuneration_amount, 500)
        self.assertEqual(composition.amount_total, 5300)
        self.assertAlmostEqual(
            composition.amount_per_m2_month, round(5300 / 209.5 / 12, 4)
        )
        staff = composition.line_ids.filtered(
            lambda ln: ln.category_id == self.cat_staff
        )
        self.assertAlmostEqual(staff.amount_per_m2_month, round(4800 / 209.5 / 12, 4))

    def test_area_follows_new_units(self):
        composition = self._composition()
        self._create_unit(self.building_x, "0103", 90.5)
        self.assertEqual(composition.area, 300.0)
        self.assertAlmostEqual(
            composition.amount_per_m2_month, round(6033.6 / 300 / 12, 4)
        )

    def test_cost_plus_adds_the_remuneration_share(self):
        composition = self._composition("cost_plus", remuneration_rate=10)
        self.assertEqual(composition.cost_total, 6033.6)
        self.assertAlmostEqual(composition.remuneration_amount, 603.36)
        self.assertAlmostEqual(composition.amount_total, 6636.96)

    def test_cost_plus_refuses_a_management_fee_line(self):
        composition = self._composition("cost_plus", remuneration_rate=10)
        with self.assertRaisesRegex(ValidationError, "remuneration percentage"):
            self.env["property.fee.composition.line"].create(
                {
                    "composition_id": composition.id,
                    "category_id": self.cat_management.id,
                    "amount": 100,
                }
            )

    def test_bad_input_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._composition(
                line_ids=[
                    Command.create({"category_id": self.cat_staff.id, "amount": -1})
                ]
            )
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self._composition("cost_plus", remuneration_rate=120)
        with self.assertRaisesRegex(ValidationError, "not a valid year"):
            self._composition(year=26)

    def test_no_area_gives_no_rate(self):
        composition = self._composition(area=0)
        self.assertEqual(composition.amount_per_m2_month, 0.0)
