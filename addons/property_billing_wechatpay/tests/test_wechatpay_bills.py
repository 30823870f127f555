import json

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.payment_wechatpay.tests.common import (
    generate_keys,
    private_pem,
    public_pem,
)
from odoo.addons.payment_wechatpay.tests.fake_wechatpay import FakeWeChatPay
from odoo.addons.property_billing.tests.common import BillingCase

MCHID = "1230000109"
APPID = "wxd678efh567hg6787"
SERIAL = "444F4864EA9B34415D9A5C8C1B6D4E3B2A1F0E9D"
APIV3_KEY = "a12d3924fd499edac8a5efc1a2b3c4d5"
PUBLIC_KEY_ID = "PUB_KEY_ID_0114232134912410000000000000"


@tagged("post_install", "-at_install")
class TestWeChatPayBills(BillingCase, HttpCase):
    """Residents pay their bills with WeChat Pay, in the portal or by scanning
    at the counter: the payment lands on the bills, reconciled."""

    @classmethod
    def _create_company(cls, **create_values):
        """A company keeping its books in yuan, as WeChat Pay takes only CNY."""
        cny = cls.env.ref("base.CNY")
        cny.active = True
        return super()._create_company(**{"currency_id": cny.id, **create_values})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        merchant_key, platform_key, _intruder = generate_keys()
        cls.fake = FakeWeChatPay(
            mchid=MCHID,
            appid=APPID,
            merchant_serial=SERIAL,
            merchant_public_key=merchant_key.public_key(),
            platform_private_key=platform_key,
            public_key_id=PUBLIC_KEY_ID,
            apiv3_key=APIV3_KEY,
        )
        fake_url = cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        cls.method = cls.env.ref("payment.payment_method_wechat_pay")
        # sudo: set up as an administrator would.
        cls.provider = (
            cls.env.ref("payment_wechatpay.payment_provider_wechatpay")
            .sudo()
            .copy(
                {
                    "company_id": cls.company.id,
                    "state": "test",
                    "is_published": True,
                    "wechatpay_mchid": MCHID,
                    "wechatpay_appid": APPID,
                    "wechatpay_cert_serial_no": SERIAL,
                    "wechatpay_apiv3_key": APIV3_KEY,
                    "wechatpay_private_key": private_pem(merchant_key),
                    "wechatpay_public_key": public_pem(platform_key),
                    "wechatpay_public_key_id": PUBLIC_KEY_ID,
                    "wechatpay_test_api_url": fake_url,
                    "payment_method_ids": [Command.set(cls.method.ids)],
                    "journal_id": cls.company_data["default_journal_bank"].id,
                }
            )
        )
        # Archived by default; enabled once a provider offers it.
        cls.method.active = True
        cls.resident = cls._portal_user("wx_resident")
        cls.parent = cls._portal_user("wx_parent")
        cls.child = cls._portal_user("wx_child")
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

    def _pay_at_wechat(self, transaction):
        """The payer pays on their phone; WeChat Pay notifies Odoo."""
        resource = self.fake.pay(transaction.wechatpay_out_trade_no)
        headers, body = self.fake.notification(resource)
        response = self.url_open(
            "/payment/wechatpay/notify", data=body.encode(), headers=headers
        )
        self.assertIn(response.status_code, (200, 204))
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

    def test_resident_pays_a_bill_with_wechat_pay(self):
        self.authenticate("wx_resident", "wx_resident")
        bills = self.url_open("/my/bills").text
        self.assertIn(self.bill_r.name, bills)
        page = self.url_open(self.bill_r.get_portal_url()).text
        self.assertIn(f'data-provider-id="{self.provider.id}"', page)
        transaction = self._start(
            f"/invoice/transaction/{self.bill_r.id}",
            self.bill_r.amount_residual,
            access_token=self.bill_r._portal_ensure_token(),
        )
        self.assertEqual(transaction.wechatpay_flow, "native")
        self._pay_at_wechat(transaction)
        self.assertPaidAndReceipted(
            transaction, self.bill_r, self.resident.partner_id, "wx_resident"
        )

    def test_resident_pays_all_overdue_bills_at_once(self):
        self.authenticate("wx_resident", "wx_resident")
        transaction = self._start(
            "/invoice/transaction/overdue",
            self.bill_r.amount_residual,
            payment_reference=self.bill_r.name,
        )
        self.assertEqual(transaction.invoice_ids, self.bill_r)
        self._pay_at_wechat(transaction)
        self.assertPaidAndReceipted(
            transaction, self.bill_r, self.resident.partner_id, "wx_resident"
        )

    def test_proxy_payer_pays_the_parents_bill(self):
        self.authenticate("wx_child", "wx_child")
        transaction = self._start(
            f"/invoice/transaction/{self.bill_p.id}",
            self.bill_p.amount_residual,
            access_token=self.bill_p._portal_ensure_token(),
        )
        self._pay_at_wechat(transaction)
        # The payment is the parent's, so that the parent's statement shows it.
        self.assertPaidAndReceipted(
            transaction, self.bill_p, self.parent.partner_id, "wx_child"
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
        order = self.fake.orders[transaction.wechatpay_out_trade_no]
        self.assertEqual(order["trade_type"], "NATIVE")
        self.assertEqual(order["request"]["amount"]["total"], 20000)  # 200 yuan
        self.assertIn("barcode_type=QR", wizard.qr_image_url)
        with self.assertRaisesRegex(UserError, "Not paid yet"):
            wizard.action_check_qr()
        self.fake.pay(transaction.wechatpay_out_trade_no)
        # No notification reached Odoo: checking asks WeChat Pay.
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
        self.assertFalse(self.fake.orders)
