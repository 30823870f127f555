from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.property_base.tests.common import PropertyCase
from odoo.addons.wechat_official.exceptions import WechatRecipientRefused
from odoo.addons.wechat_official.tests.common import WechatCaseMixin

PARAMS = {"community": "翡翠湖花园", "amount": "1,234.50"}


@tagged("post_install", "-at_install")
class TestPropertyWechat(WechatCaseMixin, PropertyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_wechat(cls.company)
        cls.resident = cls.resident_a.partner_id
        cls.resident.write(
            {"property_contact_channel": "wechat", "wechat_openid": "oOPENID_LINA"}
        )
        cls.env["wechat.official.template"].create(
            {
                "company_id": cls.company.id,
                "message_type": "reminder_due",
                "template_id": "TPL_REMINDER",
                "field_mapping": "thing1=community\namount2=amount",
            }
        )
        cls.Notification = cls.env["property.notification"]

    def setUp(self):
        super().setUp()
        self.fake.reset()

    @contextmanager
    def _params(self, notifications):
        """The message parameters, stored on the notification once property_base
        has its ``params`` field, else given as the attribute it will be."""
        if "params" in self.Notification._fields:
            notifications.sudo().params = PARAMS
            yield
        else:
            with patch.object(type(self.Notification), "params", PARAMS, create=True):
                yield

    def _notify(self, partner):
        notification = self.Notification._notify(
            [
                {
                    "record": self.unit_x1,
                    "partner": partner,
                    "subject": "物业费提醒",
                    "body_text": "您好，本期物业费将于月底到期。",
                    "kind": "reminder_due",
                    "community": self.community_x,
                }
            ],
            send=False,
        )
        with self._params(notification):
            notification._send()
        return notification

    def test_resident_with_openid_gets_wechat(self):
        notification = self._notify(self.resident)
        self.assertEqual(notification.state, "sent")
        self.assertEqual(notification.channel, "wechat")
        self.assertEqual(len(self.fake.sent), 1)
        sent = self.fake.sent[0]
        self.assertEqual(sent["touser"], "oOPENID_LINA")
        self.assertEqual(sent["template_id"], "TPL_REMINDER")
        self.assertEqual(
            sent["data"],
            {"thing1": {"value": "翡翠湖花园"}, "amount2": {"value": "1,234.50"}},
        )
        self.assertTrue(sent["url"].startswith(self.company.get_base_url()))

    def test_without_openid_falls_back(self):
        resident = self.resident_b.partner_id
        resident.write({"property_contact_channel": "wechat", "email": False})
        notification = self._notify(resident)
        self.assertEqual(notification.channel, "paper")
        self.assertEqual(notification.state, "to_deliver")
        self.assertFalse(self.fake.sent)

    def test_without_template_falls_back(self):
        self.resident.email = False
        self.env["wechat.official.template"].search([]).unlink()
        notification = self._notify(self.resident)
        self.assertNotEqual(notification.channel, "wechat")
        self.assertFalse(self.fake.sent)

    def test_expired_token_refreshed_once(self):
        self._notify(self.resident)
        self.company.sudo().wechat_token_expiry = fields.Datetime.now() + timedelta(
            minutes=1
        )
        self._notify(self.resident)
        self._notify(self.resident)
        self.assertEqual(self.fake.token_count, 2)
        self.assertEqual(len(self.fake.sent), 3)

    def test_unfollowed_falls_to_the_next_channel_without_retry(self):
        # No email text and no mobile number: the next channel is paper.
        self.resident.write({"mobile": False, "phone": False})
        self.fake.unsubscribed.add("oOPENID_LINA")
        notification = self._notify(self.resident)
        self.assertEqual(notification.state, "to_deliver")
        self.assertEqual(notification.channel, "paper")
        self.assertEqual(notification.attempt_count, 0)
        self.assertFalse(notification.next_attempt)
        self.assertEqual(notification.refused_channels, "wechat")
        self.assertFalse(self.fake.sent)

    def test_unfollowed_without_email_gets_sms(self):
        self.resident.write({"email": False, "mobile": "+86 138 0013 8000"})
        self.fake.unsubscribed.add("oOPENID_LINA")
        notification = self._notify(self.resident)
        self.assertEqual(notification.channel, "sms")
        self.assertEqual(notification.state, "sent")
        self.assertEqual(notification.attempt_count, 0)
        self.assertTrue(
            self.env["sms.sms"].search([("partner_id", "=", self.resident.id)])
        )
        # The scheduled job does not try WeChat again.
        self.Notification._cron_send()
        self.assertFalse(self.fake.sent)

    def test_invalid_openid_is_refused_for_good(self):
        self.fake.invalid.add("oOPENID_LINA")
        with self.assertRaises(WechatRecipientRefused):
            self.env["wechat.official.template"]._send_template_message(
                self.resident, "reminder_due", PARAMS, company=self.company
            )

    def test_passing_wechat_error_is_retried(self):
        self.resident.write({"email": False, "mobile": False})
        self.fake.busy = True
        notification = self._notify(self.resident)
        self.assertEqual(notification.state, "pending")
        self.assertEqual(notification.attempt_count, 1)
        self.assertFalse(notification.refused_channels)
