# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import functools
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from odoo import fields
from odoo.fields import Command

from odoo.addons.payment.tests.common import PaymentCommon

from .fake_wechatpay import FakeWeChatPay


@functools.cache
def generate_keys():
    """The merchant's key pair, WeChat Pay's (platform) key pair and an
    intruder's, made once for the whole run."""
    return tuple(
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        for _i in range(3)
    )


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


class WeChatPayCommon(PaymentCommon):
    MCHID = "1230000109"
    APPID = "wxd678efh567hg6787"
    SERIAL = "444F4864EA9B34415D9A5C8C1B6D4E3B2A1F0E9D"
    APIV3_KEY = "a12d3924fd499edac8a5efc1a2b3c4d5"
    PUBLIC_KEY_ID = "PUB_KEY_ID_0114232134912410000000000000"
    OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
    DESKTOP = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    )
    PHONE = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    WECHAT = (
        "Mozilla/5.0 (Linux; Android 14; PJD110) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 XWEB/1160065 "
        "MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64"
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merchant_key, cls.platform_key, cls.intruder_key = generate_keys()
        cls.fake = FakeWeChatPay(
            mchid=cls.MCHID,
            appid=cls.APPID,
            merchant_serial=cls.SERIAL,
            merchant_public_key=cls.merchant_key.public_key(),
            platform_private_key=cls.platform_key,
            public_key_id=cls.PUBLIC_KEY_ID,
            apiv3_key=cls.APIV3_KEY,
        )
        cls.fake_url = cls.fake.start()
        cls.addClassCleanup(cls.fake.stop)

        cls.currency = cls._prepare_currency("CNY")
        cls.payment_method = cls.env.ref("payment.payment_method_wechat_pay")
        cls.payment_method_id = cls.payment_method.id
        cls.payment_method_code = cls.payment_method.code
        cls.private_key_pem = private_pem(cls.merchant_key)
        cls.provider = cls._prepare_provider(
            "wechatpay",
            update_values={
                "wechatpay_mchid": cls.MCHID,
                "wechatpay_appid": cls.APPID,
                "wechatpay_cert_serial_no": cls.SERIAL,
                "wechatpay_apiv3_key": cls.APIV3_KEY,
                "wechatpay_private_key": cls.private_key_pem,
                "wechatpay_public_key": public_pem(cls.platform_key),
                "wechatpay_public_key_id": cls.PUBLIC_KEY_ID,
                "wechatpay_test_api_url": cls.fake_url,
                "payment_method_ids": [Command.set(cls.payment_method.ids)],
            },
        )
        cls.amount = 88.8
        cls.amount_fen = 8880
        cls.reference = "INV/2026/00042"
        # What must never reach a browser or a log: the API v3 key and every
        # line of the merchant private key.
        cls.secrets = [cls.APIV3_KEY] + [
            line
            for line in cls.private_key_pem.splitlines()
            if line and not line.startswith("-----")
        ]

    def setUp(self):
        super().setUp()
        self.fake.reset()

    # === helpers === #

    def _create_order_tx(self, flow="native", openid=None, **values):
        """A redirect transaction with its order created at the fake WeChat Pay."""
        tx = self._create_transaction("redirect", **values)
        tx._wechatpay_create_order(flow, openid=openid)
        return tx

    def _backdate(self, tx, minutes=5):
        """Make the transaction as old as the scheduled job wants it."""
        tx.flush_recordset()
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s WHERE id IN %s",
            (fields.Datetime.now() - timedelta(minutes=minutes), tuple(tx.ids)),
        )
        tx.invalidate_recordset(["create_date"])

    def _expire(self, tx):
        tx.wechatpay_time_expire = fields.Datetime.now() - timedelta(minutes=1)

    def _requests_to(self, path_part, method=None):
        return [
            request
            for request in self.fake.requests
            if path_part in request[1] and (method is None or request[0] == method)
        ]

    def assertNoSecret(self, text, what):
        for secret in self.secrets:
            self.assertNotIn(secret, text, f"a credential is in {what}")
