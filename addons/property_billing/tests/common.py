from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


# Post-install, as Odoo's own accounting tests: the chart of accounts of the
# test company is loaded on a fully loaded registry (Odoo warns otherwise).
# The tag is inherited by every test class built on this one.
@tagged("post_install", "-at_install")
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

    @classmethod
    def _online_provider(cls):
        """An online payment provider of the company and its payment method.

        Made the way Odoo's own ``account_payment`` tests make theirs
        (``AccountPaymentCommon``): ``payment``'s provider code ``none``, paid
        into the bank journal, so that the tests need no payment add-on such
        as ``payment_demo``. Confirm its transactions with ``_confirm_online``.
        """
        # sudo: the accountant the tests run as does not configure providers.
        PaymentMethod = cls.env["account.payment.method"].sudo()
        get_information = PaymentMethod._get_payment_method_information

        def _get_payment_method_information(self):
            return {
                **get_information(),
                "none": {"mode": "electronic", "type": ("bank",)},
            }

        method = cls.env.ref("payment.payment_method_unknown").sudo()
        with patch.object(
            type(PaymentMethod),
            "_get_payment_method_information",
            _get_payment_method_information,
        ):
            PaymentMethod.create(
                {"name": "Online", "code": "none", "payment_type": "inbound"}
            )
            provider = PaymentMethod.env["payment.provider"].create(
                {
                    "name": "Online Payments",
                    "code": "none",
                    "state": "test",
                    "is_published": True,
                    "company_id": cls.company.id,
                    "payment_method_ids": [Command.set(method.ids)],
                    "journal_id": cls.company_data["default_journal_bank"].id,
                }
            )
        # Archived by default; Odoo enables a method once a provider offers it.
        method.active = True
        return provider, method

    def _confirm_online(self, reference):
        """What the provider's notification does: the transaction is done,
        then Odoo's post-processing pays and reconciles the bills."""
        transaction = (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", reference)])
        )
        transaction._set_done()
        transaction._post_process()
        return transaction

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


class CommunityRulesCase(BillingCase):
    """Two communities, each with a billed contract, and staff of the first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community_b, cls.building_b = cls._create_community(
            "Osmanthus Court", "OSC"
        )
        cls.owner_b = cls.env["res.partner"].create({"name": "李娜"})
        cls.unit_b = cls._create_unit(
            "0101", 90.0, cls.owner_b, building=cls.building_b
        )
        cls.contract_a = cls._create_contract()
        cls.contract_b = cls._create_contract(unit=cls.unit_b)
        cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        ).action_run()
        cls.invoice_a = cls.contract_a.invoice_ids
        cls.invoice_b = cls.contract_b.invoice_ids
        cls.staff_a = cls._staff_user("rules_staff_a", cls.community)

    @classmethod
    def _payment(cls, partner, amount, **values):
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "journal_id": cls.company_data["default_journal_bank"].id,
                **values,
            }
        )
        payment.action_post()
        return payment
