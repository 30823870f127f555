# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from odoo.addons.payment.tests.common import PaymentCommon

from .fake_alipay import FakeAlipayGateway, pem_body_fragments

APP_ID = "2021000123456789"
SELLER_ID = "2088102177846875"


def generate_rsa_key(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def private_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_pem(key):
    return (
        key.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )


class AlipayCommon(PaymentCommon):
    """An Alipay provider in test mode whose gateway is a local fake Alipay, with
    key pairs made for the test: the application's and Alipay's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app_key = generate_rsa_key()
        cls.alipay_key = generate_rsa_key()
        cls.app_private_pem = private_pem(cls.app_key)
        cls.alipay_public_pem = public_pem(cls.alipay_key)
        cls.fake = FakeAlipayGateway(
            APP_ID, SELLER_ID, cls.app_key.public_key(), cls.alipay_key
        )
        cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)

        cls.currency = cls._prepare_currency("CNY")
        cls.provider = cls._prepare_provider(
            "alipay",
            update_values={
                "alipay_app_id": APP_ID,
                "alipay_seller_id": SELLER_ID,
                "alipay_app_private_key": cls.app_private_pem,
                "alipay_public_key": cls.alipay_public_pem,
                "alipay_gateway_url": cls.fake.url,
                "is_published": True,
            },
        )
        cls.payment_method = cls.env.ref("payment.payment_method_alipay")
        cls.payment_method_id = cls.payment_method.id
        cls.payment_method_code = cls.payment_method.code
        cls.amount = 88.88
        cls.reference = "S00042_1"
        cls.secret_fragments = pem_body_fragments(cls.app_private_pem)

    def setUp(self):
        super().setUp()
        self.fake.reset()

    # === Helpers === #

    def _create_alipay_transaction(self, **values):
        return self._create_transaction("redirect", **values)

    def _render_redirect_form(self, tx):
        """Render the redirect form of ``tx`` and return its action, method and
        inputs."""
        processing_values = tx._get_processing_values()
        return self._extract_values_from_html_form(
            processing_values["redirect_form_html"]
        ), processing_values["redirect_form_html"]

    def _open_cashier(self, tx):
        """The buyer goes through the redirect form of ``tx`` to the fake cashier."""
        form, _html = self._render_redirect_form(tx)
        return self.fake.open_cashier(form["inputs"])

    def _paid_transaction(self, reference=None, **values):
        """A transaction paid at Alipay and confirmed in Odoo."""
        tx = self._create_alipay_transaction(
            reference=reference or self.reference, **values
        )
        self._open_cashier(tx)
        self.fake.pay(tx.reference)
        tx._alipay_query_trade()
        self.assertEqual(tx.state, "done")
        return tx

    def _biz_content(self, form):
        return json.loads(form["inputs"]["biz_content"])

    def assertNoSecret(self, text, where):
        for fragment in self.secret_fragments:
            self.assertNotIn(fragment, text, f"the app private key shows in {where}")
