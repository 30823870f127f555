from odoo import Command
from odoo.exceptions import ValidationError

from .common import BillingCase


class TestPayerSecurity(BillingCase):
    """Staff bill only partners tied to the unit: its occupants, current or
    past, and their proxy payers; never a resident of another community."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls._staff_user("payer_staff", cls.community)
        _community, other_building = cls._create_community("Osmanthus Court", "OSC")
        cls.stranger = cls.env["res.partner"].create({"name": "外小区住户"})
        cls._create_unit("0901", 90.0, cls.stranger, building=other_building)
        cls.tenant = cls.env["res.partner"].create({"name": "租户李娜"})
        cls.env["property.occupancy"].create(
            {
                "unit_id": cls.unit.id,
                "partner_id": cls.tenant.id,
                "role": "tenant",
                "date_start": "2024-01-01",
            }
        )
        # The proxy payer lived next door once: a proxy links two occupants.
        cls.proxy = cls.env["res.partner"].create({"name": "张伟之子"})
        cls.env["property.occupancy"].create(
            {
                "unit_id": cls._create_unit("0102", 80.0).id,
                "partner_id": cls.proxy.id,
                "role": "tenant",
                "date_start": "2016-01-01",
                "date_end": "2018-12-31",
            }
        )
        cls.owner.property_proxy_payer_id = cls.proxy

    def _charge_as_staff(self, partner):
        return (
            self.env["property.billing.charge"]
            .with_user(self.staff)
            .create(
                {
                    "name": "Access card",
                    "unit_id": self.unit.id,
                    "product_id": self.product.id,
                    "amount": 999.0,
                    "partner_id": partner.id,
                }
            )
        )

    def _contract_as_staff(self, partner):
        return (
            self.env["property.fee.contract"]
            .with_user(self.staff)
            .create(
                {
                    "unit_id": self.unit.id,
                    "date_start": "2026-01-01",
                    "partner_id": partner.id,
                    "line_ids": [Command.create({"fee_type_id": self.fee_area.id})],
                }
            )
        )

    def test_charge_for_resident_of_other_community_refused(self):
        with self.assertRaises(ValidationError):
            self._charge_as_staff(self.stranger)

    def test_contract_for_resident_of_other_community_refused(self):
        with self.assertRaises(ValidationError):
            self._contract_as_staff(self.stranger)

    def test_charge_for_occupants_and_proxy_accepted(self):
        for partner in (self.owner, self.tenant, self.proxy):
            with self.subTest(partner=partner.name):
                charge = self._charge_as_staff(partner)
                self.assertEqual(charge.partner_id, partner)

    def test_contract_for_occupants_and_proxy_accepted(self):
        for partner in (self.owner, self.tenant, self.proxy):
            with self.subTest(partner=partner.name):
                contract = self._contract_as_staff(partner)
                self.assertEqual(contract.partner_id, partner)

    def test_default_payer_accepted(self):
        charge = (
            self.env["property.billing.charge"]
            .with_user(self.staff)
            .create(
                {
                    "name": "Repair",
                    "unit_id": self.unit.id,
                    "product_id": self.product.id,
                    "amount": 50.0,
                }
            )
        )
        self.assertEqual(charge.partner_id, self.owner)

    def test_contact_of_occupant_company_accepted(self):
        company = self.env["res.partner"].create(
            {"name": "翡翠贸易有限公司", "is_company": True}
        )
        self.env["property.occupancy"].create(
            {
                "unit_id": self.unit.id,
                "partner_id": company.id,
                "role": "payer",
                "date_start": "2025-01-01",
            }
        )
        accountant = self.env["res.partner"].create(
            {"name": "会计王芳", "parent_id": company.id}
        )
        charge = self._charge_as_staff(accountant)
        self.assertEqual(charge.partner_id, accountant)

    def test_write_unrelated_payer_refused(self):
        charge = self._charge_as_staff(self.owner)
        contract = self._contract_as_staff(self.owner)
        with self.assertRaises(ValidationError):
            charge.with_user(self.staff).write({"partner_id": self.stranger.id})
        with self.assertRaises(ValidationError):
            contract.with_user(self.staff).write({"partner_id": self.stranger.id})
        self.assertEqual(charge.partner_id, self.owner)
        self.assertEqual(contract.partner_id, self.owner)
