from lxml import html

from odoo import Command
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
from odoo.addons.property_billing.tests.online_payment_common import (
    OnlinePaymentJourneys,
)


@tagged("post_install", "-at_install")
class TestAlipayBills(OnlinePaymentJourneys, BillingCase, HttpCase):
    """Residents pay their bills with Alipay, in the portal (the cashier page)
    or by scanning at the counter (当面付): the payment lands on the bills,
    reconciled."""

    login_prefix = "ali"

    @classmethod
    def _setup_provider(cls):
        app_key, alipay_key = generate_rsa_key(), generate_rsa_key()
        cls.fake = FakeAlipayGateway(
            APP_ID, SELLER_ID, app_key.public_key(), alipay_key
        )
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)
        method = cls.env.ref("payment.payment_method_alipay")
        # sudo: set up as an administrator would.
        template = cls.env.ref("payment_alipay.payment_provider_alipay").sudo()
        provider = template.copy(
            {
                "company_id": cls.company.id,
                "state": "test",
                "is_published": True,
                "alipay_app_id": APP_ID,
                "alipay_seller_id": SELLER_ID,
                "alipay_app_private_key": private_pem(app_key),
                "alipay_public_key": public_pem(alipay_key),
                "alipay_gateway_url": cls.fake.url,
                "payment_method_ids": [Command.set(method.ids)],
                "journal_id": cls.company_data["default_journal_bank"].id,
            }
        )
        return provider, method

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def _pay_at_provider(self, transaction):
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

    def _assert_counter_order(self, transaction, amount):
        self.assertEqual(self.fake.methods_called(), ["alipay.trade.precreate"])
        self.assertEqual(
            self.fake.trades[transaction.reference]["total_amount"], f"{amount:.2f}"
        )

    def _pay_without_notification(self, transaction):
        self.fake.pay(transaction.reference)

    def _assert_no_order(self):
        self.assertFalse(self.fake.trades)
