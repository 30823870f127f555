from odoo.tests import new_test_user

from odoo.addons.property_billing.tests.common import BillingCase


class TestAccountantViews(BillingCase):
    """An accountant without a Property role opens invoices: the form asks the
    server only for what they may read."""

    def test_invoice_form_of_an_accountant_without_property_role(self):
        accountant = new_test_user(
            self.env,
            login="pm_accountant_only",
            groups="account.group_account_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        invoice = self.init_invoice("out_invoice", amounts=[100.0], post=True)
        Move = self.env["account.move"].with_user(accountant)
        arch = Move.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertFalse(
            'name="property_waiver_ids"' in arch,
            "the waivers list is in the accountant's invoice form",
        )
        record = Move.browse(invoice.id).web_read(
            {"name": {}, "property_unit_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(record[0]["name"], invoice.name)
        staff_arch = self.env["account.move"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertTrue(
            'name="property_waiver_ids"' in staff_arch,
            "the waivers list is missing from the property manager's form",
        )
