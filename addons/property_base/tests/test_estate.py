from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import PropertyCase


class TestEstate(PropertyCase):
    def test_unit_code_is_built_from_building_entrance_and_number(self):
        self.assertEqual(self.unit_x1.code, "A-1-0101")
        self.assertEqual(self.unit_x1.community_id, self.community_x)
        self.assertEqual(self.unit_x1.company_id, self.company)
        parking = self.env["property.unit"].create(
            {
                "community_id": self.community_x.id,
                "number": "P-015",
                "unit_type": "parking",
                "area": 12.5,
            }
        )
        self.assertEqual(parking.code, "P-015")
        self.assertFalse(parking.building_id)

    def test_community_total_area_follows_units(self):
        self.assertAlmostEqual(self.community_x.total_area, 209.5)
        self.unit_x2.area = 100.0
        self.assertAlmostEqual(self.community_x.total_area, 189.5)
        self.assertEqual(self.community_x.unit_count, 2)
        self.assertEqual(self.community_x.building_count, 1)

    def test_area_must_be_positive(self):
        for area in (0.0, -12.0):
            with self.assertRaisesRegex(ValidationError, "greater than 0"):
                self._create_unit(self.building_x, "0909", area)
        self.assertFalse(
            self.env["property.unit"].search([("number", "=", "0909")]),
            "a refused unit leaves nothing behind",
        )

    @mute_logger("odoo.sql_db")
    def test_unit_code_unique_within_community(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self._create_unit(self.building_x, "0101", 50.0)
        # The same code in another community is fine.
        other = self._create_building(self.community_y, "A")
        self.assertEqual(self._create_unit(other, "0101", 50.0).code, "A-1-0101")

    def test_building_must_belong_to_unit_community(self):
        with self.assertRaisesRegex(ValidationError, "belongs to community"):
            self.env["property.unit"].create(
                {
                    "building_id": self.building_x.id,
                    "community_id": self.community_y.id,
                    "number": "0808",
                    "area": 40.0,
                }
            )

    def test_end_date_not_before_start_date(self):
        partner = self.env["res.partner"].create({"name": "刘洋"})
        with self.assertRaisesRegex(ValidationError, "before the start date"):
            self._occupy(
                self.unit_x2,
                partner,
                "tenant",
                date_start="2024-05-01",
                date_end="2024-04-30",
            )
        # Ending on the day it starts is a one-day occupancy, allowed.
        self._occupy(
            self.unit_x2,
            partner,
            "tenant",
            date_start="2024-05-01",
            date_end="2024-05-01",
        )

    def test_owner_shares_never_exceed_100_percent_at_any_date(self):
        unit = self._create_unit(self.building_x, "0201", 95.0)
        wang = self.env["res.partner"].create({"name": "王芳"})
        zhao = self.env["res.partner"].create({"name": "赵磊"})
        chen = self.env["res.partner"].create({"name": "陈静"})
        self._occupy(unit, wang, "owner", 50, date_start="2019-06-01")
        self._occupy(unit, zhao, "owner", 50, date_start="2019-06-01")
        with self.assertRaisesRegex(ValidationError, "would hold 110"):
            self._occupy(unit, chen, "owner", 10, date_start="2023-01-01")
        # After a sale the old owners' occupancies end and the buyer holds 100 %.
        unit.occupancy_ids.write({"date_end": "2022-12-31"})
        self._occupy(unit, chen, "owner", 100, date_start="2023-01-01")
        # Overlapping by one day is refused too.
        with self.assertRaisesRegex(ValidationError, "Shares may not exceed 100"):
            unit.occupancy_ids.filtered(
                lambda o: o.partner_id == wang
            ).date_end = "2023-01-01"

    def test_share_range_and_role(self):
        unit = self._create_unit(self.building_x, "0501", 64.0)
        partner = self.env["res.partner"].create({"name": "孙丽"})
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self._occupy(unit, partner, "owner", -5)
        with self.assertRaisesRegex(ValidationError, "only owners hold"):
            self._occupy(unit, partner, "tenant", 20)

    def test_payer_is_derivable_at_any_date(self):
        unit = self._create_unit(self.building_x, "0301", 88.0)
        seller = self.env["res.partner"].create({"name": "周杰"})
        buyer = self.env["res.partner"].create({"name": "吴敏"})
        co_owner = self.env["res.partner"].create({"name": "郑强"})
        paying_son = self.env["res.partner"].create({"name": "吴小明"})
        self._occupy(
            unit, seller, "owner", 100, date_start="2015-01-01", date_end="2024-06-30"
        )
        self._occupy(unit, buyer, "owner", 60, date_start="2024-07-01")
        self._occupy(unit, co_owner, "owner", 40, date_start="2024-07-01")
        self._occupy(unit, paying_son, "payer", date_start="2025-01-01")
        self.assertEqual(unit._get_payers("2014-12-31"), {})
        self.assertEqual(unit._get_payers("2024-06-30")[unit.id], seller)
        self.assertEqual(unit._get_payers("2024-07-01")[unit.id], buyer)
        self.assertEqual(unit._get_payers("2025-01-01")[unit.id], paying_son)
        with freeze_time("2024-08-01"):
            unit.invalidate_recordset(["payer_id"])
            self.assertEqual(unit.payer_id, buyer)

    def test_history_is_kept(self):
        with self.assertRaisesRegex(UserError, "Set an end date"):
            self.occupancy_a.partner_id = self.resident_b.partner_id
        with self.assertRaisesRegex(UserError, "Set an end date"):
            self.occupancy_a.role = "tenant"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.occupancy_a.unlink()
        # Writing the same values (e.g. a re-import) is harmless.
        self.occupancy_a.write({"role": "owner", "unit_id": self.unit_x1.id})
        with freeze_time("2025-03-01"):
            self.occupancy_a.action_end()
        self.assertEqual(str(self.occupancy_a.date_end), "2025-03-01")

    def test_unit_state_follows_occupants(self):
        unit = self._create_unit(self.building_x, "0401", 70.0)
        self.assertEqual(unit.state, "vacant")
        owner = self.env["res.partner"].create({"name": "黄磊"})
        tenant = self.env["res.partner"].create({"name": "林芳"})
        with freeze_time("2025-01-10"):
            self._occupy(unit, owner, "owner", 100, date_start="2020-01-01")
            self.assertEqual(unit.state, "occupied")
            lease = self._occupy(unit, tenant, "tenant", date_start="2025-01-01")
            self.assertEqual(unit.state, "rented")
            lease.date_end = "2025-06-30"
        with freeze_time("2025-07-01"):
            self.env["property.unit"]._cron_refresh_state()
            self.assertEqual(unit.state, "occupied")
        unit.owner_absent = True
        self.assertEqual(unit.state, "vacant", "an empty owned unit is vacant")
        unit.owner_absent = False
        self.assertEqual(unit.state, "occupied")
        unit.state = "renovation"
        with freeze_time("2025-07-02"):
            self.env["property.unit"]._cron_refresh_state()
            self.assertEqual(unit.state, "renovation")

    def test_partner_units_and_proxy_payer(self):
        partner = self.resident_a.partner_id
        self.assertEqual(partner.property_unit_ids, self.unit_x1)
        child = self.env["res.partner"].create({"name": "张小伟"})
        partner.write(
            {"property_is_elderly": True, "property_proxy_payer_id": child.id}
        )
        self.assertEqual(child.property_proxied_partner_ids, partner)
        with self.assertRaisesRegex(ValidationError, "own proxy payer"):
            child.property_proxy_payer_id = child
