from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.payment_wechatpay.tests.common import (
    generate_keys,
    private_pem,
    public_pem,
)
from odoo.addons.payment_wechatpay.tests.fake_wechatpay import FakeWeChatPay
from odoo.addons.property_billing.tests.common import BillingCase
from odoo.addons.property_billing.tests.online_payment_common import (
    OnlinePaymentJourneys,
)

MCHID = "1230000109"
APPID = "wxd678efh567hg6787"
SERIAL = "444F4864EA9B34415D9A5C8C1B6D4E3B2A1F0E9D"
APIV3_KEY = "a12d3924fd499edac8a5efc1a2b3c4d5"
PUBLIC_KEY_ID = "PUB_KEY_ID_0114232134912410000000000000"


@tagged("post_install", "-at_install")
class TestWeChatPayBills(OnlinePaymentJourneys, BillingCase, HttpCase):
    """Residents pay their bills with WeChat Pay, in the portal (a QR code on
    the desktop) or by scanning at the counter: the payment lands on the
    bills, reconciled."""

    login_prefix = "wx"

    @classmethod
    def _setup_provider(cls):
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
        method = cls.env.ref("payment.payment_method_wechat_pay")
        # sudo: set up as an administrator would.
        template = cls.env.ref("payment_wechatpay.payment_provider_wechatpay").sudo()
        provider = template.copy(
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
                "payment_method_ids": [Command.set(method.ids)],
                "journal_id": cls.company_data["default_journal_bank"].id,
            }
        )
        return provider, method

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def _pay_at_provider(self, transaction):
        """The payer scans the QR code on their phone; WeChat Pay notifies
        Odoo."""
        self.assertEqual(transaction.wechatpay_flow, "native")
        resource = self.fake.pay(transaction.wechatpay_out_trade_no)
        headers, body = self.fake.notification(resource)
        response = self.url_open(
            "/payment/wechatpay/notify", data=body.encode(), headers=headers
        )
        self.assertIn(response.status_code, (200, 204))
        transaction._post_process()

    def _assert_counter_order(self, transaction, amount):
        order = self.fake.orders[transaction.wechatpay_out_trade_no]
        self.assertEqual(order["trade_type"], "NATIVE")
        self.assertEqual(order["request"]["amount"]["total"], amount * 100)  # fen

    def _pay_without_notification(self, transaction):
        self.fake.pay(transaction.wechatpay_out_trade_no)

    def _assert_no_order(self):
        self.assertFalse(self.fake.orders)
