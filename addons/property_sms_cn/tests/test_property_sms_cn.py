from odoo.tests import tagged

from odoo.addons.sms_cn.tests.common import FakeGatewayApi, SmsCnCase


@tagged("post_install", "-at_install")
class TestPropertySmsCn(SmsCnCase):
    """Messages to residents go by SMS as the approved template of their type,
    with their values; without a template, the next channel is tried."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sms.cn.template"].create(
            {
                "name": "Reminder before the due date (suite)",
                "company_id": cls.company.id,
                "gateway": "fake_cn",
                "message_type": "reminder_due",
                "template_code": "SMS_200001",
                "param_names": "payer,unit,amount,due",
            }
        )
        cls.resident.property_contact_channel = "sms"

    def _notify(self, kind):
        return self.env["property.notification"]._notify(
            [
                {
                    "record": self.resident,
                    "partner": self.resident,
                    "company": self.company,
                    "kind": kind,
                    "body_text": "尊敬的王芳，1-1-0101 的账单 356.80 元"
                    "将于 12 月 31 日到期。",
                    "params": {
                        "payer": "王芳",
                        "unit": "1-1-0101",
                        "amount": "356.80",
                        "due": "2026-12-31",
                    },
                }
            ]
        )

    def test_sent_as_the_template_of_its_type_with_its_values(self):
        notification = self._notify("reminder_due")
        self.assertEqual(notification.channel, "sms")
        sms = self.env["sms.sms"].search(
            [("partner_id", "=", self.resident.id)], order="id desc", limit=1
        )
        self.assertEqual(sms.cn_message_type, "reminder_due")
        sms._send()
        (message,) = FakeGatewayApi.calls[-1]
        self.assertEqual(message["template_code"], "SMS_200001")
        self.assertEqual(message["sign_name"], "绿城物业")
        # In the template's order of parameters.
        self.assertEqual(
            message["params"],
            [
                ("payer", "王芳"),
                ("unit", "1-1-0101"),
                ("amount", "356.80"),
                ("due", "2026-12-31"),
            ],
        )

    def test_without_a_template_the_next_channel_is_tried(self):
        notification = self._notify("dunning_level_42")
        # Email and WeChat cannot reach this resident either: a paper notice.
        self.assertEqual(notification.channel, "paper")
        self.assertTrue(
            notification.with_context(lang="en_US")
            ._check_sms()
            .startswith("No approved SMS template")
        )
        self.assertFalse(
            self.env["sms.sms"].search([("partner_id", "=", self.resident.id)])
        )

    def test_odoo_iap_companies_send_the_text_as_before(self):
        self.company.sms_cn_gateway = "iap"
        notification = self._notify("dunning_level_42")
        self.assertEqual(notification.channel, "sms")
        sms = self.env["sms.sms"].search(
            [("partner_id", "=", self.resident.id)], order="id desc", limit=1
        )
        self.assertFalse(sms.cn_message_type)
        self.assertIn("356.80", sms.body)
