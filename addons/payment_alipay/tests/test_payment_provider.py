# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.payment_alipay import const
from odoo.addons.payment_alipay.utils import load_rsa_key

from .common import AlipayCommon, generate_rsa_key, private_pem, public_pem

SECRET_FIELDS = ("alipay_app_private_key", "alipay_public_key")


@tagged("post_install", "-at_install")
class TestPaymentProvider(AlipayCommon):
    def test_credentials_are_checked_on_save(self):
        other_key = generate_rsa_key()
        small_key = generate_rsa_key(1024)
        ec_key = ec.generate_private_key(ec.SECP256R1())
        ec_pem = ec_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        refused = [
            ({"alipay_app_private_key": "not a key"}, "not an RSA private key"),
            ({"alipay_app_private_key": public_pem(other_key)}, "not an RSA private"),
            ({"alipay_app_private_key": ec_pem}, "not an RSA private key"),
            ({"alipay_app_private_key": private_pem(small_key)}, "1024 bits"),
            ({"alipay_public_key": "-----BEGIN PUBLIC KEY-----\nAAAA"}, "not an RSA"),
            ({"alipay_public_key": private_pem(other_key)}, "not an RSA public key"),
            ({"alipay_public_key": public_pem(self.app_key)}, "your own application"),
            ({"alipay_app_id": "APP-1"}, "digits only"),
            ({"alipay_seller_id": "1234567890123456"}, "starts with 2088"),
            ({"alipay_order_timeout": 0}, "between 1 minute and 15 days"),
        ]
        for vals, message in refused:
            with self.subTest(vals=list(vals)):
                with self.assertRaises(ValidationError) as caught:
                    self.provider.write(vals)
                self.assertIn(message, str(caught.exception))
        self.assertEqual(
            load_rsa_key(self.provider.alipay_app_private_key).n,
            self.app_key.private_numbers().public_numbers.n,
        )

    def test_keys_pasted_as_base64_or_on_one_line_are_stored_as_pem(self):
        body = re.sub(r"-----[A-Z ]+-----|\s", "", self.app_private_pem)
        one_line = self.alipay_public_pem.replace("\n", "")
        self.provider.write(
            {"alipay_app_private_key": body, "alipay_public_key": one_line}
        )
        self.assertTrue(
            self.provider.alipay_app_private_key.startswith(
                "-----BEGIN PRIVATE KEY-----\n"
            )
        )
        self.assertEqual(
            load_rsa_key(self.provider.alipay_app_private_key).n,
            self.app_key.private_numbers().public_numbers.n,
        )
        self.assertTrue(
            self.provider.alipay_public_key.startswith("-----BEGIN PUBLIC KEY-----\n")
        )
        # The SDK loads what was stored.
        self.assertTrue(self.provider._alipay_get_client())

    def test_gateway_follows_the_state_unless_overridden(self):
        self.assertEqual(self.provider._alipay_get_gateway_url(), self.fake.url)
        self.provider.alipay_gateway_url = False
        self.assertEqual(
            self.provider._alipay_get_gateway_url(),
            "https://openapi-sandbox.dl.alipaydev.com/gateway.do",
        )
        self.provider.state = "enabled"
        self.assertEqual(
            self.provider._alipay_get_gateway_url(),
            "https://openapi.alipay.com/gateway.do",
        )

    def test_offered_for_payments_in_yuan_only(self):
        self.assertEqual(self.provider.available_currency_ids, self.currency)
        self.assertEqual(self.provider.support_refund, "partial")
        self.assertEqual(self.provider._get_default_payment_method_codes(), {"alipay"})
        self.assertIn(self.payment_method, self.provider.payment_method_ids)
        Provider = self.env["payment.provider"]
        in_yuan = Provider._get_compatible_providers(
            self.company.id, self.partner.id, self.amount, currency_id=self.currency.id
        )
        self.assertIn(self.provider, in_yuan)
        # An administrator may empty the currencies; Alipay still takes yuan only.
        self.provider.available_currency_ids = False
        in_euro = Provider._get_compatible_providers(
            self.company.id,
            self.partner.id,
            self.amount,
            currency_id=self.currency_euro.id,
        )
        self.assertNotIn(self.provider, in_euro)
        validation = Provider._get_compatible_providers(
            self.company.id, self.partner.id, 0.0, is_validation=True
        )
        self.assertNotIn(self.provider, validation)

    def test_internal_users_cannot_read_the_keys(self):
        reader_group = self.env["res.groups"].create(
            {"name": "Payment provider readers"}
        )
        self.env["ir.model.access"].create(
            {
                "name": "read providers",
                "model_id": self.env.ref("payment.model_payment_provider").id,
                "group_id": reader_group.id,
                "perm_read": True,
            }
        )
        user = new_test_user(self.env, login="alipay_reader", groups="base.group_user")
        user.groups_id |= reader_group
        provider = self.provider.with_user(user)
        self.assertEqual(provider.alipay_app_id, self.provider.alipay_app_id)
        for field_name in SECRET_FIELDS:
            with self.subTest(field=field_name):
                with self.assertRaises(AccessError):
                    provider.read([field_name])
                self.assertNotIn(field_name, provider.fields_get())
                self.assertNotIn(
                    field_name, provider.check_field_access_rights("read", None)
                )
        with self.assertRaises(AccessError):
            provider.write({"alipay_app_id": "2021000999999999"})

    def test_references_are_alipay_order_numbers(self):
        Transaction = self.env["payment.transaction"]
        first = Transaction._compute_reference("alipay", prefix="INV/2026/00001")
        self.assertEqual(first, "INV_2026_00001")
        self._create_alipay_transaction(reference=first)
        second = Transaction._compute_reference("alipay", prefix="INV/2026/00001")
        self.assertEqual(second, "INV_2026_00001_1")
        long_one = Transaction._compute_reference("alipay", prefix="物业费-" + "A" * 90)
        self.assertRegex(long_one, const.REFERENCE_PATTERN)
        self.assertRegex(
            Transaction._compute_reference("alipay", prefix="物业费"), r"^tx_\d{14}$"
        )
        # Other providers keep theirs.
        self.assertEqual(
            Transaction._compute_reference("none", prefix="INV/2026/00001"),
            "INV/2026/00001",
        )
