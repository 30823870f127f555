from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestPortalPayment(BillingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.resident = cls._portal_user("pay_resident")
        cls.neighbour = cls._portal_user("pay_neighbour")
        cls.child = cls._portal_user("pay_child")
        cls.unit_r = cls._create_unit("0901", 80.0, cls.resident.partner_id)
        cls.unit_n = cls._create_unit("0902", 120.0, cls.neighbour.partner_id)
        # sudo: set as staff would, the portal flows are tested here.
        cls.neighbour.partner_id.sudo().property_proxy_payer_id = cls.child.partner_id
        cls._create_contract(unit=cls.unit_r)
        cls._create_contract(unit=cls.unit_n)
        run = cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        )
        run.action_run()
        cls.bill_r = run.move_ids.filtered(lambda m: m.property_unit_id == cls.unit_r)
        cls.bill_n = run.move_ids.filtered(lambda m: m.property_unit_id == cls.unit_n)
        cls.provider, cls.method = cls._online_provider()

    def _pay_online(self, login, bill):
        self.authenticate(login, login)
        processing = self.make_jsonrpc_request(
            f"{self.base_url()}/invoice/transaction/{bill.id}",
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.method.id,
                "token_id": None,
                "amount": bill.amount_residual,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": bill.get_portal_url(),
                "access_token": bill._portal_ensure_token(),
            },
        )
        return self._confirm_online(processing["reference"])

    def test_resident_pays_online_and_the_bill_is_reconciled(self):
        transaction = self._pay_online("pay_resident", self.bill_r)
        self.assertEqual(transaction.state, "done")
        self.assertEqual(self.bill_r.payment_state, "paid")
        payment = transaction.payment_id
        self.assertEqual(payment.partner_id, self.resident.partner_id)
        self.assertIn(self.bill_r, payment.reconciled_invoice_ids)
        self.assertBalanced(payment.move_id)
        self.assertEqual(self.bill_n.payment_state, "not_paid")

    def test_proxy_payer_pays_the_parents_bill(self):
        transaction = self._pay_online("pay_child", self.bill_n)
        self.assertEqual(self.bill_n.payment_state, "paid")
        self.assertEqual(transaction.payment_id.partner_id, self.neighbour.partner_id)

    def test_receipt_and_statement_downloads(self):
        transaction = self._pay_online("pay_resident", self.bill_r)
        receipt = self.url_open(f"/my/bills/receipt/{transaction.payment_id.id}")
        self.assertEqual(receipt.status_code, 200)
        self.assertEqual(receipt.headers["Content-Type"], "application/pdf")
        page = self.url_open("/my/bills")
        self.assertIn(f"/my/bills/receipt/{transaction.payment_id.id}", page.text)
        statement = self.url_open(
            "/my/bills/statement?date_from=2026-01-01&date_to=2026-12-31"
        )
        self.assertEqual(statement.headers["Content-Type"], "application/pdf")
        # The neighbour cannot fetch it, nor a statement of the resident.
        self.authenticate("pay_neighbour", "pay_neighbour")
        other = self.url_open(f"/my/bills/receipt/{transaction.payment_id.id}")
        self.assertEqual(other.status_code, 404)
        guessed = self.url_open(
            "/my/bills/statement?date_from=2026-01-01&date_to=2026-12-31"
            f"&partner_id={self.resident.partner_id.id}"
        )
        self.assertEqual(guessed.status_code, 404)
        # Bad period: back to the page with a message, nothing rendered.
        bad = self.url_open(
            "/my/bills/statement?date_from=2026-12-31&date_to=2026-01-01",
            allow_redirects=False,
        )
        self.assertEqual(bad.status_code, 303)

    def test_statement_arithmetic(self):
        self._pay_online("pay_resident", self.bill_r)
        values = self.env[
            "report.property_billing.report_property_statement"
        ]._get_report_values(
            self.resident.partner_id.ids,
            {"date_from": "2026-01-01", "date_to": "2026-12-31"},
        )
        statement = values["statements"][self.resident.partner_id.id]
        self.assertEqual(statement["opening"], 0.0)
        self.assertEqual(
            [(row["debit"], row["credit"]) for row in statement["rows"]],
            [(200.0, 0.0), (0.0, 200.0)],
        )
        self.assertEqual(statement["closing"], 0.0)
        later = self.env[
            "report.property_billing.report_property_statement"
        ]._get_report_values(
            self.neighbour.partner_id.ids,
            {"date_from": "2026-02-01", "date_to": "2026-12-31"},
        )["statements"][self.neighbour.partner_id.id]
        self.assertEqual((later["opening"], later["closing"]), (300.0, 300.0))

    def test_credit_shown_in_the_portal(self):
        self.env["property.counter.payment"].create(
            {
                "unit_id": self.unit_r.id,
                "journal_id": self.company_data["default_journal_cash"].id,
                "amount": 260.0,
            }
        ).action_confirm()
        self.authenticate("pay_resident", "pay_resident")
        page = self.url_open("/my/bills")
        self.assertIn("Your credit", page.text)
        self.assertIn("60.00", page.text)

    def test_community_offers_its_own_providers(self):
        other = self.provider.copy({"name": "Other Provider"})
        other.write({"state": "test", "is_published": True})
        Provider = self.env["payment.provider"]
        args = (self.company.id, self.resident.partner_id.id, 100.0)
        self.assertEqual(
            Provider._get_compatible_providers(*args) & (self.provider | other),
            self.provider | other,
            "a community that chose none offers every provider",
        )
        # sudo: set as a manager would on the community form.
        self.community.sudo().payment_provider_ids = other
        report = {}
        compatible = Provider._get_compatible_providers(
            *args, report=report, property_community_id=self.community.id
        )
        self.assertEqual(compatible & (self.provider | other), other)
        self.assertFalse(report["providers"][self.provider]["available"])
        for bad in ("abc", None, "0"):
            self.assertIn(
                self.provider,
                Provider._get_compatible_providers(*args, property_community_id=bad),
            )
        # The bill's page offers the community's providers, whatever the query.
        self.authenticate("pay_resident", "pay_resident")
        page = self.url_open(
            f"{self.bill_r.get_portal_url()}&property_community_id=0"
        ).text
        self.assertIn(f'data-provider-id="{other.id}"', page)
        self.assertNotIn(f'data-provider-id="{self.provider.id}"', page)

    def test_provider_gets_a_journal_of_its_own(self):
        # sudo: configured as an administrator does, on the provider form.
        provider = self.provider.sudo()
        shared = provider.journal_id
        provider.action_property_own_journal()
        journal = provider.journal_id
        self.assertNotEqual(journal, shared)
        self.assertEqual((journal.type, journal.name), ("bank", provider.name))
        line = self.env["account.payment.method.line"].search(
            [("payment_provider_id", "=", provider.id)]
        )
        account = line.payment_account_id
        self.assertEqual(line.journal_id, journal)
        shared_accounts = (
            self.env["account.payment.method.line"]
            .search([("payment_provider_id", "!=", provider.id)])
            .payment_account_id
        )
        self.assertNotIn(account, shared_accounts)
        self.assertIn(provider.name, account.name)
        self.assertTrue(account.reconcile)
        # The residents' payments land there, reconciled with their bills.
        transaction = self._pay_online("pay_resident", self.bill_r)
        payment = transaction.payment_id
        self.assertEqual(payment.journal_id, journal)
        self.assertEqual(payment.outstanding_account_id, account)
        self.assertEqual(self.bill_r.payment_state, "paid")

    def test_only_accounting_managers_give_a_provider_its_journal(self):
        staff = self._staff_user("pay_staff_journal", self.community)
        journals = self.env["account.journal"].search_count([])
        with self.assertRaises(AccessError):
            self.provider.with_user(staff).action_property_own_journal()
        self.assertEqual(self.env["account.journal"].search_count([]), journals)
