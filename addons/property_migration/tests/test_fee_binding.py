from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user

from .common import MigrationCase


class TestFeeBinding(MigrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.building_b = cls.env["property.building"].create(
            {"name": "Building 2", "code": "2", "community_id": cls.community.id}
        )
        cls.small = cls._create_unit("0102", 60.0, cls.owner)
        cls.large = cls._create_unit("0103", 140.0, cls.owner)
        cls.parking = cls._create_unit("P01", 12.0, cls.owner)
        cls.parking.unit_type = "parking"
        cls.other = cls._create_unit("0101", 90.0, cls.owner, building=cls.building_b)
        cls.no_owner = cls._create_unit("0104", 95.0)

    def _wizard(self, **values):
        form = Form(self.env["property.fee.binding"])
        form.community_id = self.community
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_bind_by_building_type_and_area_with_preview(self):
        existing = self._create_contract(unit=self.large)
        wizard = self._wizard(
            fee_type_id=self.fee_fixed,
            rate=120.0,
            unit_type="residential",
            area_min=50.0,
            area_max=150.0,
            date_start=date(2026, 7, 1),
        )
        wizard.building_ids = self.building
        # 0101 (100 m²), 0102, 0103; not the parking space, nor building 2,
        # nor 0104 without owner (refused in the preview).
        self.assertEqual(wizard.unit_count, 4)
        self.assertIn("Fee item added", wizard.preview)
        self.assertIn("Not possible", wizard.preview)
        with self.assertRaises(UserError):
            wizard.action_apply()
        wizard.area_max = 145.0
        wizard.area_min = 55.0
        self.no_owner.area = 200.0
        wizard.invalidate_recordset(["preview", "unit_count"])
        self.assertEqual(wizard.unit_count, 3)
        wizard.action_apply()
        self.assertEqual(
            existing.line_ids.filtered(
                lambda line: line.fee_type_id == self.fee_fixed
            ).rate_override,
            120.0,
        )
        new = self.env["property.fee.contract"].search(
            [("unit_id", "in", (self.small | self.unit).ids)]
        )
        self.assertEqual(len(new), 2)
        self.assertEqual(new.mapped("state"), ["active", "active"])
        self.assertEqual(set(new.mapped("date_start")), {date(2026, 7, 1)})
        self.assertFalse(
            self.env["property.fee.contract"].search(
                [("unit_id", "in", (self.parking | self.other).ids)]
            )
        )
        # Once more: nothing to change.
        again = self._wizard(
            fee_type_id=self.fee_fixed, rate=120.0, date_start=date(2026, 7, 1)
        )
        again.building_ids = self.building
        again.unit_type = "residential"
        again.area_max = 145.0
        self.assertIn("Unchanged", again.preview)

    def test_rate_change_from_a_date_continues_the_contract(self):
        contract = self._create_contract(unit=self.small)
        wizard = self._wizard(
            mode="rate",
            fee_type_id=self.fee_area,
            rate=3.0,
            date_start=date(2026, 9, 1),
        )
        wizard.building_ids = self.building
        wizard.area_max = 70.0
        self.assertEqual(wizard.unit_count, 2)  # the parking space: refused
        self.assertIn("No contract bills this fee item", wizard.preview)
        wizard.unit_type = "residential"
        wizard.action_apply()
        self.assertEqual(contract.state, "closed")
        self.assertEqual(contract.date_end, date(2026, 8, 31))
        successor = self.env["property.fee.contract"].search(
            [("unit_id", "=", self.small.id), ("state", "=", "active")]
        )
        self.assertEqual(successor.date_start, date(2026, 9, 1))
        self.assertEqual(successor.line_ids.rate_override, 3.0)

    def test_rate_change_refused_before_billed_periods(self):
        contract = self._create_contract(unit=self.small)
        run = self.env["property.billing.run"].create(
            {"company_id": self.company.id, "date": "2026-10-05"}
        )
        run.action_run()
        self.assertTrue(contract.invoice_ids)
        wizard = self._wizard(
            mode="rate", fee_type_id=self.fee_area, rate=3.0, date_start="2026-09-01"
        )
        wizard.building_ids = self.building
        wizard.unit_type = "residential"
        wizard.area_max = 70.0
        self.assertIn("is billed from", wizard.preview)
        with self.assertRaises(UserError):
            wizard.action_apply()

    def test_only_managers(self):
        staff = new_test_user(
            self.env,
            login="binding_staff",
            groups="property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        staff.property_community_ids = self.community
        wizard = self._wizard(fee_type_id=self.fee_area)
        for user in (staff, self._portal_user("binding_resident")):
            with self.assertRaises(AccessError):
                self.env["property.fee.binding"].with_user(user).create(
                    {"community_id": self.community.id, "fee_type_id": self.fee_area.id}
                )
            with self.assertRaises(AccessError):
                wizard.with_user(user).action_apply()
