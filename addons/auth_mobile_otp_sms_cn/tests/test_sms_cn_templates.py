from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.auth_mobile_otp.tests.common import MobileOtpCaseMixin


@tagged("post_install", "-at_install")
class TestSmsCnTemplates(MobileOtpCaseMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_mobile_users()

    def test_code_goes_as_its_message_type(self):
        sent = []

        def fake_send(records, **kwargs):
            sent.extend(
                (sms.cn_message_type, dict(sms.cn_params or {})) for sms in records
            )
            records.unlink()

        with patch.object(type(self.env["sms.sms"]), "_send", fake_send):
            self.env["auth.mobile.otp"]._request_code("13800138000")
        self.assertEqual(len(sent), 1)
        message_type, params = sent[0]
        self.assertEqual(message_type, "auth.login_code")
        self.assertRegex(params["code"], r"^\d{6}$")
        self.assertEqual(params["minutes"], "5")
        # Nothing left with the code in clear.
        self.assertFalse(
            self.env["sms.sms"].search([("cn_message_type", "=", "auth.login_code")])
        )

    def test_invitation_goes_as_its_message_type(self):
        partner = self.env["res.partner"].create(
            {"name": "Zhou Jiu", "mobile": "13400134000"}
        )
        partner.action_grant_portal_access_by_mobile()
        sms = self.env["sms.sms"].search([("partner_id", "=", partner.id)])
        self.assertEqual(sms.cn_message_type, "auth.portal_invitation")
        self.assertEqual(sms.cn_params["company"], partner.user_ids.company_id.name)
        self.assertIn("/web/login/mobile", sms.cn_params["url"])
