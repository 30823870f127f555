# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import re
from datetime import timedelta

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.payment_wechatpay import utils

from .common import WeChatPayCommon, private_pem

AUTHORIZATION = re.compile(
    r'^WECHATPAY2-SHA256-RSA2048 mchid="(?P<mchid>\d+)",nonce_str="(?P<nonce>\w+)",'
    r'signature="(?P<signature>[A-Za-z0-9+/=]+)",timestamp="(?P<timestamp>\d+)",'
    r'serial_no="(?P<serial>[0-9A-F]+)"$'
)
SECRET_FIELDS = (
    "wechatpay_apiv3_key",
    "wechatpay_private_key",
    "wechatpay_private_key_file",
)


@tagged("post_install", "-at_install")
class TestWeChatPayProvider(WeChatPayCommon):
    # === availability === #

    def test_offered_for_cny_payments_only(self):
        Provider = self.env["payment.provider"]
        compatible = Provider._get_compatible_providers(
            self.company_id, self.partner.id, self.amount, currency_id=self.currency.id
        )
        self.assertIn(self.provider, compatible)
        self.assertEqual(self.provider.available_currency_ids, self.currency)
        self.assertEqual(self.provider.support_refund, "partial")
        report = {}
        euro = Provider._get_compatible_providers(
            self.company_id,
            self.partner.id,
            self.amount,
            currency_id=self.currency_euro.id,
            report=report,
        )
        self.assertNotIn(self.provider, euro)
        # Even when someone adds another currency by hand.
        self.provider.available_currency_ids = [Command.link(self.currency_euro.id)]
        euro = Provider._get_compatible_providers(
            self.company_id,
            self.partner.id,
            self.amount,
            currency_id=self.currency_euro.id,
        )
        self.assertNotIn(self.provider, euro)
        validation = Provider._get_compatible_providers(
            self.company_id, self.partner.id, 0, is_validation=True
        )
        self.assertNotIn(self.provider, validation)

    def test_order_in_another_currency_is_refused(self):
        tx = self._create_transaction("redirect", currency_id=self.currency_euro.id)
        with self.assertRaisesRegex(ValidationError, "Chinese yuan"):
            tx._wechatpay_create_order("native")
        self.assertFalse(self.fake.requests)

    # === credentials === #

    def test_credentials_are_checked_on_save(self):
        ec_key = ec.generate_private_key(ec.SECP256R1())
        ec_pem = ec_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        short_rsa_pem = private_pem(
            rsa.generate_private_key(public_exponent=65537, key_size=1024)
        )
        cases = [
            ("wechatpay_mchid", "12ab34", "digits only"),
            ("wechatpay_appid", "ab1234", "starts with"),
            ("wechatpay_cert_serial_no", "SERIAL-1", "hexadecimal"),
            ("wechatpay_apiv3_key", "too short", "exactly 32 characters"),
            ("wechatpay_apiv3_key", "x" * 33, "exactly 32 characters"),
            ("wechatpay_private_key", "not a key", "not an RSA private key"),
            ("wechatpay_private_key", ec_pem, "not an RSA private key"),
            ("wechatpay_private_key", short_rsa_pem, "not an RSA private key"),
            ("wechatpay_private_key", False, "Enter the merchant private key"),
            ("wechatpay_public_key", "MIIBIjANBgkq", "not an RSA public key"),
            ("wechatpay_public_key_id", "0114232134912410", "PUB_KEY_ID_"),
            ("wechatpay_test_api_url", "ftp://127.0.0.1", "http(s) address"),
            ("wechatpay_order_validity", 1, "at least 5 minutes"),
        ]
        for field, value, message in cases:
            with (
                self.subTest(field=field, value=value),
                self.assertRaisesRegex(ValidationError, re.escape(message)),
                self.env.cr.savepoint(),
            ):
                self.provider.write({field: value})
        # A disabled provider may lack its key, not hold a wrong one.
        self.provider.write({"state": "disabled", "wechatpay_private_key": False})

    def test_private_key_pasted_without_line_breaks_or_as_a_file(self):
        one_line = " ".join(self.private_key_pem.splitlines())
        self.provider.wechatpay_private_key = one_line
        with self.assertRaises(utils.WeChatPayApiError) as error:
            self.provider._wechatpay_make_request(
                "GET",
                "/v3/pay/transactions/out-trade-no/NOSUCHORDER",
                params={"mchid": self.MCHID},
            )
        self.assertEqual(error.exception.code, "ORDER_NOT_EXIST")  # Not SIGN_ERROR.

        self.provider.write(
            {
                "wechatpay_private_key": False,
                "wechatpay_private_key_file": base64.b64encode(
                    self.private_key_pem.encode()
                ),
            }
        )
        with self.assertRaises(utils.WeChatPayApiError) as error:
            self.provider._wechatpay_make_request(
                "GET",
                "/v3/pay/transactions/out-trade-no/NOSUCHORDER",
                params={"mchid": self.MCHID},
            )
        self.assertEqual(error.exception.code, "ORDER_NOT_EXIST")

    def test_secrets_are_for_system_administrators_only(self):
        for field in SECRET_FIELDS:
            self.assertEqual(self.provider._fields[field].groups, "base.group_system")
        # Internal users have no access to providers at all...
        with self.assertRaises(AccessError):
            self.provider.with_user(self.internal_user).read(["wechatpay_mchid"])
        # ... and one given read access to them still does not see the secrets.
        readers = self.env["res.groups"].create({"name": "Provider readers"})
        self.env["ir.model.access"].create(
            {
                "name": "provider readers",
                "model_id": self.env["ir.model"]._get_id("payment.provider"),
                "group_id": readers.id,
                "perm_read": True,
            }
        )
        self.internal_user.groups_id = [Command.link(readers.id)]
        provider = self.provider.with_user(self.internal_user)
        self.assertEqual(
            provider.read(["wechatpay_mchid"])[0]["wechatpay_mchid"], self.MCHID
        )
        for field in SECRET_FIELDS:
            with self.subTest(field=field), self.assertRaises(AccessError):
                provider.read([field])
        self.assertFalse(set(SECRET_FIELDS) & set(provider.fields_get()))
        self.assertEqual(self.provider.wechatpay_apiv3_key, self.APIV3_KEY)

    def test_api_url_in_test_mode_only(self):
        self.assertEqual(self.provider._wechatpay_get_api_url(), self.fake_url)
        self.provider.state = "enabled"
        self.assertEqual(
            self.provider._wechatpay_get_api_url(), "https://api.mch.weixin.qq.com"
        )

    # === requests === #

    def test_requests_carry_the_merchant_signature(self):
        tx = self._create_order_tx()
        method, path, headers, body = self._requests_to("/native")[0]
        match = AUTHORIZATION.match(headers["Authorization"])
        self.assertTrue(match, headers["Authorization"])
        self.assertEqual(match["mchid"], self.MCHID)
        self.assertEqual(match["serial"], self.SERIAL)
        message = f"{method}\n{path}\n{match['timestamp']}\n{match['nonce']}\n{body}\n"
        self.merchant_key.public_key().verify(  # Raises if it does not match.
            base64.b64decode(match["signature"]),
            message.encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
        self.assertEqual(headers["Wechatpay-Serial"], self.PUBLIC_KEY_ID)

        # The query carries its query string in the signed path.
        tx._wechatpay_query()
        method, path, headers, body = self._requests_to("/out-trade-no/", "GET")[0]
        self.assertEqual(
            path, f"/v3/pay/transactions/out-trade-no/INV_2026_00042?mchid={self.MCHID}"
        )
        self.assertEqual(body, "")

    def test_requests_signed_with_another_key_are_refused(self):
        self.provider.wechatpay_private_key = private_pem(self.intruder_key)
        with self.assertRaises(utils.WeChatPayApiError) as error:
            self.provider._wechatpay_make_request(
                "GET",
                "/v3/pay/transactions/out-trade-no/NOSUCHORDER",
                params={"mchid": self.MCHID},
            )
        self.assertEqual(
            (error.exception.status, error.exception.code), (401, "SIGN_ERROR")
        )

    def test_answers_not_signed_by_wechatpay_are_refused(self):
        self.fake.tamper_answers = True
        tx = self._create_transaction("redirect")
        with (
            self.assertLogs("odoo.addons.payment_wechatpay", "WARNING") as logs,
            self.assertRaisesRegex(ValidationError, "could not be verified"),
        ):
            tx._wechatpay_create_order("native")
        self.assertIn("not signed by WeChat Pay", logs.output[0])
        self.assertFalse(tx.wechatpay_code_url)

    # === orders === #

    def test_native_order(self):
        tx = self._create_order_tx()
        request = self.fake.orders["INV_2026_00042"]["request"]
        self.assertEqual(
            request["amount"], {"total": self.amount_fen, "currency": "CNY"}
        )
        self.assertEqual((request["mchid"], request["appid"]), (self.MCHID, self.APPID))
        self.assertTrue(request["notify_url"].endswith("/payment/wechatpay/notify"))
        self.assertIn(tx.reference, request["description"])
        self.assertRegex(
            request["time_expire"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$"
        )
        self.assertAlmostEqual(
            tx.wechatpay_time_expire,
            fields.Datetime.now() + timedelta(minutes=120),
            delta=timedelta(minutes=1),
        )
        self.assertEqual(tx.wechatpay_flow, "native")
        self.assertTrue(tx.wechatpay_code_url.startswith("weixin://wxpay/bizpayurl"))
        self.assertEqual(tx.state, "draft")

    def test_order_numbers(self):
        tx = self._create_order_tx()
        self.assertEqual(tx.wechatpay_out_trade_no, "INV_2026_00042")
        same = self._create_transaction("redirect", reference="INV_2026_00042")
        short = self._create_transaction("redirect", reference="S")
        long = self._create_transaction("redirect", reference="L" * 40)
        (same | short | long)._wechatpay_assign_out_no()
        self.assertEqual(same.wechatpay_out_trade_no, f"INV_2026_00042_{same.id}")
        self.assertIn(
            short.wechatpay_out_trade_no, (f"S_{short.id}", f"odooS_{short.id}")
        )
        self.assertGreaterEqual(len(short.wechatpay_out_trade_no), 6)
        self.assertEqual(len(long.wechatpay_out_trade_no), 32)
        self.assertTrue(long.wechatpay_out_trade_no.endswith(f"_{long.id}"))

    def test_flow_follows_the_browser(self):
        tx = self._create_transaction("redirect")
        choose = tx._wechatpay_choose_flow
        self.assertEqual(choose(self.DESKTOP, False), "native")
        self.assertEqual(choose(self.PHONE, False), "h5")
        self.assertEqual(choose(self.WECHAT, self.OPENID), "jsapi")
        # Inside WeChat without the payer's openid: H5 is refused there, QR code.
        self.assertEqual(choose(self.WECHAT, False), "native")
        self.assertEqual(choose("", False), "native")
        self.provider.wechatpay_allow_h5 = False
        self.assertEqual(choose(self.PHONE, False), "native")
        # The hook the WeChat login module overrides knows no one by default.
        self.assertFalse(tx._wechatpay_get_payer_openid())

    def test_rendering_values_hold_no_credential(self):
        tx = self._create_transaction("redirect")
        processing_values = tx._get_processing_values()
        form = self._extract_values_from_html_form(
            processing_values["redirect_form_html"]
        )
        self.assertTrue(form["action"].endswith("/payment/wechatpay/pay"))
        self.assertEqual(form["inputs"]["reference"], tx.reference)
        self.assertTrue(
            tx._wechatpay_check_access_token(form["inputs"]["access_token"])
        )
        self.assertFalse(tx._wechatpay_check_access_token("forged"))
        self.assertNoSecret(str(processing_values), "the processing values")
        values = tx._wechatpay_get_pay_page_values()
        self.assertNoSecret(str(values), "the pay page values")
