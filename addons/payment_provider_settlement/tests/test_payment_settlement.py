# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.account_payment.tests.common import AccountPaymentCommon


@tagged("post_install", "-at_install")
class TestPaymentSettlement(AccountPaymentCommon):
    def test_provider_without_settlement_files(self):
        self.assertFalse(self.provider.settlement_supported)
        self.assertNotIn(
            self.provider,
            self.env["payment.provider"].search([("settlement_supported", "=", True)]),
        )
        with self.assertRaisesRegex(UserError, "does not read settlement files"):
            self.provider._settlement_import(b"anything", "file.csv")
        with self.assertRaisesRegex(UserError, "cannot download"):
            self.provider._settlement_download_import(fields.Date.today())
        self.assertFalse(self.env["payment.settlement"].search([]))

    def test_default_fee_account_is_financial_expenses(self):
        account = self.env["account.account"].create(
            {"name": "财务费用", "code": "6603", "account_type": "expense"}
        )
        provider = self.env["payment.provider"].create(
            {"name": "Another", "company_id": self.provider.company_id.id}
        )
        self.assertEqual(provider.settlement_fee_account_id, account)

    def test_outstanding_account_of_the_provider(self):
        self.assertEqual(
            self.provider._settlement_outstanding_account(),
            self.inbound_payment_method_line.payment_account_id,
        )

    def test_only_accountants_import(self):
        plain = self._prepare_user(
            self.internal_user.copy({"login": "settlement_plain_user"}),
            "base.group_user",
        )
        for user in (plain, self.portal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.provider.with_user(user)._settlement_import(b"x", "f.csv")

    def test_other_company_refused(self):
        accountant = self._prepare_user(
            self.internal_user.copy({"login": "settlement_accountant_b"}),
            "account.group_account_manager",
        )
        company_b = self.env["res.company"].create({"name": "Company B"})
        accountant.write(
            {"company_ids": [(6, 0, company_b.ids)], "company_id": company_b.id}
        )
        with self.assertRaisesRegex(AccessError, "another company"):
            self.provider.with_user(accountant)._settlement_import(b"x", "f.csv")
