from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class BillingCase(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.company_data["company"]
        # The accountant the accounting tests run as also manages the estate.
        cls.env.user.groups_id |= cls.env.ref("property_base.group_property_manager")
        cls.community = cls.env["property.community"].create(
            {"name": "Jade Lake Garden", "code": "JLG", "company_id": cls.company.id}
        )
        cls.building = cls.env["property.building"].create(
            {"name": "Building 1", "code": "1", "community_id": cls.community.id}
        )
        cls.owner = cls.env["res.partner"].create({"name": "张伟"})
        cls.unit = cls._create_unit("0101", 100.0, cls.owner)
        cls.product = cls.env["product.product"].create(
            {
                "name": "Property Management Fee",
                "type": "service",
                "taxes_id": [Command.clear()],
                "property_account_income_id": cls.company_data[
                    "default_account_revenue"
                ].id,
            }
        )
        cls.fee_area = cls._create_fee_type("Property Fee", "area", 2.5)

    @classmethod
    def _create_community(cls, name, code):
        """A second community of the company, with its building."""
        community = cls.env["property.community"].create(
            {"name": name, "code": code, "company_id": cls.company.id}
        )
        building = cls.env["property.building"].create(
            {"name": "Building 1", "code": "1", "community_id": community.id}
        )
        return community, building

    @classmethod
    def _create_unit(cls, number, area, owner=None, building=None):
        unit = cls.env["property.unit"].create(
            {
                "building_id": (building or cls.building).id,
                "entrance": "1",
                "number": number,
                "area": area,
            }
        )
        if owner:
            cls.env["property.occupancy"].create(
                {
                    "unit_id": unit.id,
                    "partner_id": owner.id,
                    "role": "owner",
                    "share": 100,
                    "date_start": "2015-01-01",
                }
            )
        return unit

    @classmethod
    def _create_fee_type(cls, name, basis, rate, date_from="2015-01-01", **values):
        return cls.env["property.fee.type"].create(
            {
                "name": name,
                "basis": basis,
                "product_id": cls.product.id,
                "company_id": cls.company.id,
                "rate_ids": [Command.create({"date_from": date_from, "rate": rate})],
                **values,
            }
        )

    @classmethod
    def _create_contract(cls, unit=None, fee_types=None, activate=True, **values):
        contract = cls.env["property.fee.contract"].create(
            {
                "unit_id": (unit or cls.unit).id,
                "date_start": "2026-01-01",
                "line_ids": [
                    Command.create({"fee_type_id": fee_type.id})
                    for fee_type in (fee_types or cls.fee_area)
                ],
                **values,
            }
        )
        if activate:
            contract.action_activate()
        return contract

    def _run(self, date, **values):
        run = self.env["property.billing.run"].create(
            {"date": date, "company_id": self.company.id, **values}
        )
        run.action_run()
        return run

    def assertBalanced(self, moves):
        for move in moves:
            self.assertAlmostEqual(
                sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit"))
            )

    @classmethod
    def _staff_user(
        cls,
        login,
        communities,
        groups="property_base.group_property_user,account.group_account_invoice",
    ):
        """Property staff of ``communities``, by default with Odoo's Invoicing
        right as the default user template gives it."""
        user = new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        user.property_community_ids = communities
        return user

    @classmethod
    def _portal_user(cls, login):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
