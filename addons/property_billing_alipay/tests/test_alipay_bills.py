import json

from lxml import html

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.payment_alipay.tests.common import (
    APP_ID,
    SELLER_ID,
    generate_rsa_key,
    private_pem,
    public_pem,
)
from odoo.addons.payment_alipay.tests.fake_alipay import FakeAlipayGateway
from odoo.addons.property_billing.tests.common import BillingCase


@tagged("post_install", "-at_install")
class TestAlipayBills(BillingCase, HttpCase):
    """Residents pay their bills with Alipay, in the portal or by scanning at
    the counter: the payment lands on the bills, reconciled."""

    @classmethod
    def _create_company(cls, **create_values):
        """A company keeping its books in yuan, as Alipay takes only CNY."""
        cny = cls.env.ref("base.CNY")
        cny.active = True
        return super()._create_company(**{"currency_id": cny.id, **create_values})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        app_key, alipay_key = generate_rsa_key(), generate_rsa_key()
        cls.fake = FakeAlipayGateway(
            APP_ID, SELLER_ID, app_key.public_key(), alipay_key
        )
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.method = cls.env.ref("payment.payment_method_alipay")
        # sudo: set up as an administrator would.
        cls.provider = (
            cls.env.ref("payment_alipay.payment_provider_alipay")
            .sudo()
            .copy(
                {
                    "company_id": cls.company.id,
                    "state": "test",
                    "is_published": True,
                    "alipay_app_id": APP_ID,
                    "alipay_seller_id": SELLER_ID,
                    "alipay_app_private_key": private_pem(app_key),
                    "alipay_public_key": public_pem(alipay_key),
                    "alipay_gateway_url": cls.fake.url,
                    "payment_method_ids": [Command.set(cls.method.ids)],
                    "journal_id": cls.company_data["default_journal_bank"].id,
                }
            )
        )
        # Archived by default; enabled once a provider offers it.
        cls.method.active = True
        cls.resident = cls._portal_user("ali_resident")
        cls.parent = cls._portal_user("ali_parent")
        cls.child = cls._portal_user("ali_child")
        cls.unit_r = cls._create_unit("1201", 80.0, cls.resident.partner_id)
        cls.unit_p = cls._create_unit("1202", 120.0, cls.parent.partner_id)
        # sudo: set as staff would; the child pays for the parent.
        cls.parent.partner_id.sudo().property_proxy_payer_id = cls.child.partner_id
        cls._create_contract(unit=cls.unit_r)
        cls._create_contract(unit=cls.unit_p)
        run = cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        )
        run.action_run()
        moves = run.move_ids
        cls.bill_r = moves.filtered(lambda m: m.property_unit_id == cls.unit_r)
        cls.bill_p = moves.filtered(lambda m: m.property_unit_id == cls.unit_p)

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def _start(self, route, amount, **params):
        response = self.url_open(
            route,
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 0,
                    "params": {
                        "provider_id": self.provider.id,
                        "payment_method_id": self.method.id,
                        "token_id": None,
                        "amount": amount,
                        "flow": "redirect",
                        "tokenization_requested": False,
                        "landing_route": "/my/bills",
                        **params,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        reference = response.json()["result"]["reference"]
        return (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", reference)])
        )

    def _pay_at_alipay(self, transaction):
        """The payer pays at the Alipay cashier; Alipay notifies Odoo."""
        form = html.fromstring(
            transaction._get_processing_values()["redirect_form_html"]
        )
        self.fake.open_cashier(
            {field.get("name"): field.get("value") for field in form.xpath("//input")}
        )
        self.fake.pay(transaction.reference)
        self.env.flush_all()
        response = self.fake.send_notification(
            self.base_url() + "/payment/alipay/notify",
            self.fake.notification(transaction.reference),
        )
        self.assertEqual(response.text, "success")
        self.env.invalidate_all()  # written by the notification's request
        transaction._post_process()
        return transaction

    def assertPaidAndReceipted(self, transaction, bills, payer, login):
        self.assertEqual(transaction.state, "done")
        self.assertEqual(set(bills.mapped("payment_state")), {"paid"})
        payment = transaction.payment_id
        self.assertEqual(payment.partner_id, payer)
        self.assertEqual(payment.reconciled_invoice_ids, bills)
        self.assertBalanced(payment.move_id)
        self.assertEqual(payment._property_receipt_method(), self.provider.name)
        self.authenticate(login, login)
        receipt = self.url_open(f"/my/bills/receipt/{payment.id}")
        self.assertEqual(receipt.status_code, 200)
        self.assertEqual(receipt.headers["Content-Type"], "application/pdf")

    def test_resident_pays_a_bill_with_alipay(self):
        self.authenticate("ali_resident", "ali_resident")
        bills = self.url_open("/my/bills").text
        self.assertIn(self.bill_r.name, bills)
        page = self.url_open(self.bill_r.get_portal_url()).text
        self.assertIn(f'data-provider-id="{self.provider.id}"', page)
        transaction = self._start(
            f"/invoice/transaction/{self.bill_r.id}",
            self.bill_r.amount_residual,
            access_token=self.bill_r._portal_ensure_token(),
        )
        self._pay_at_alipay(transaction)
        self.assertPaidAndReceipted(
            transaction, self.bill_r, self.resident.partner_id, "ali_resident"
        )

    def test_resident_pays_all_overdue_bills_at_once(self):
        self.authenticate("ali_resident", "ali_resident")
        transaction = self._start(
            "/invoice/transaction/overdue",
            self.bill_r.amount_residual,
            payment_reference=self.bill_r.name,
        )
        self.assertEqual(transaction.invoice_ids, self.bill_r)
        self._pay_at_alipay(transaction)
        self.assertPaidAndReceipted(
            transaction, self.bill_r, self.resident.partner_id, "ali_resident"
        )

    def test_proxy_payer_pays_the_parents_bill(self):
        self.authenticate("ali_child", "ali_child")
        transaction = self._start(
            f"/invoice/transaction/{self.bill_p.id}",
            self.bill_p.amount_residual,
            access_token=self.bill_p._portal_ensure_token(),
        )
        self._pay_at_alipay(transaction)
        # The payment is the parent's, so that the parent's statement shows it.
        self.assertPaidAndReceipted(
            transaction, self.bill_p, self.parent.partner_id, "ali_child"
        )

    def test_resident_scans_at_the_counter(self):
        wizard = self.env["property.counter.payment"].create(
            {
                "unit_id": self.unit_r.id,
                "journal_id": self.company_data["default_journal_cash"].id,
            }
        )
        self.assertIn(self.provider, wizard.qr_provider_ids)
        wizard.qr_provider_id = self.provider
        wizard.action_show_qr()
        transaction = wizard.qr_transaction_id
        self.assertEqual(self.fake.methods_called(), ["alipay.trade.precreate"])
        self.assertEqual(
            self.fake.trades[transaction.reference]["total_amount"], "200.00"
        )
        self.assertIn("barcode_type=QR", wizard.qr_image_url)
        with self.assertRaisesRegex(UserError, "Not paid yet"):
            wizard.action_check_qr()
        self.fake.pay(transaction.reference)
        # No notification reached Odoo: checking asks Alipay.
        action = wizard.action_check_qr()
        self.assertEqual(
            action["report_name"], "property_billing.report_property_receipt"
        )
        self.assertEqual(self.bill_r.payment_state, "paid")
        self.assertEqual(transaction.payment_id.reconciled_invoice_ids, self.bill_r)

    def test_counter_qr_refuses_more_than_is_due(self):
        wizard = self.env["property.counter.payment"].create(
            {
                "unit_id": self.unit_r.id,
                "journal_id": self.company_data["default_journal_cash"].id,
                "qr_provider_id": self.provider.id,
            }
        )
        wizard.amount = wizard.amount_due + 1
        with self.assertRaisesRegex(UserError, "at most what is due"):
            wizard.action_show_qr()
        self.assertFalse(self.fake.trades)
