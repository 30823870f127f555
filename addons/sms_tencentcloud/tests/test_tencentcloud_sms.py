from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import TencentCloudSmsCase


@tagged("post_install", "-at_install")
class TestTencentCloudSms(TencentCloudSmsCase):
    def test_send_through_gateway(self):
        """An SMS posted the normal way goes out as the approved template with
        the signature and the parameters in the template's order."""
        sms = self._send_reminder()
        [params] = self.gateway.requests_of("SendSms")
        self.assertEqual(params["PhoneNumberSet"], ["+8613800138000"])
        self.assertEqual(params["SmsSdkAppId"], "1400006666")
        self.assertEqual(params["SignName"], "绿城物业")
        self.assertEqual(params["TemplateId"], "2000001")
        self.assertEqual(params["TemplateParamSet"], ["王芳", "356.80", "2026-12-31"])
        self.assertEqual(params["SessionContext"], sms.uuid)
        self.assertEqual(sms.state, "pending")
        self.assertTrue(sms.cn_msgid.startswith("3369:"))
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "pending")

    def test_send_queue_shared_parameters(self):
        """SMS with the same template and parameters share one request; the
        status of each number comes back on its SMS."""
        other = self.resident.copy({"name": "李雷", "mobile": "+86 139 0013 9000"})
        self.gateway.number_errors["+8613900139000"] = [
            "FailedOperation.PhoneNumberInBlacklist"
        ]
        sms = self.env["sms.sms"].create(
            [
                {
                    "number": partner.mobile,
                    "partner_id": partner.id,
                    "body": "停水通知",
                    "cn_message_type": "property.reminder.pre_due",
                    "cn_params": self.params,
                }
                for partner in self.resident | other
            ]
        )
        self.env["sms.sms"]._process_queue()
        [params] = self.gateway.requests_of("SendSms")
        self.assertEqual(params["PhoneNumberSet"], ["+8613800138000", "+8613900139000"])
        self.assertNotIn("SessionContext", params)
        first, second = sms
        self.assertEqual(first.state, "pending")
        self.assertEqual(second.state, "error")
        self.assertEqual(second.failure_type, "sms_blacklist")
        self.assertEqual(second.cn_error_code, "FailedOperation.PhoneNumberInBlacklist")

    def test_no_template_refused(self):
        sms = self._send_reminder(message_type="property.outage")
        self.assertFalse(self.gateway.requests)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_registration_needed")
        self.assertIn("property.outage", sms.cn_failure_reason)
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn("property.outage", notification.failure_reason)

    def test_plain_text_refused(self):
        self.resident._message_sms("Free text", partner_ids=self.resident.ids)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.resident.id)])
        self.assertEqual(sms.state, "error")
        self.assertFalse(self.gateway.requests)

    def test_daily_limit_retried_then_error(self):
        """A number's daily limit is tried again three times, spaced, then the
        SMS is in error with Tencent Cloud's code."""
        self.gateway.number_errors["+8613800138000"] = [
            "LimitExceeded.PhoneNumberDailyLimit"
        ] * 4
        sms = self._send_reminder()
        for attempt in (1, 2, 3):
            self.assertEqual(sms.state, "outgoing")
            self.assertEqual(sms.cn_retry_count, attempt)
            self.assertEqual(sms.cn_error_code, "LimitExceeded.PhoneNumberDailyLimit")
            self.env["sms.sms"]._process_queue()
            self.assertEqual(len(self.gateway.requests_of("SendSms")), attempt)
            sms.cn_next_try_date = fields.Datetime.now() - timedelta(seconds=1)
            self.env["sms.sms"]._process_queue()
        self.assertEqual(len(self.gateway.requests_of("SendSms")), 4)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_server")
        self.assertIn("LimitExceeded.PhoneNumberDailyLimit", sms.cn_failure_reason)
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn(
            "LimitExceeded.PhoneNumberDailyLimit", notification.format_failure_reason()
        )

    def test_bad_signature_not_retried(self):
        """The fake gateway checks the TC3 signature: a wrong SecretKey gets
        AuthFailure.SignatureFailure, an account error not tried again."""
        self.company.sms_tencentcloud_secret_key = "not-the-key"
        sms = self._send_reminder()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.cn_error_code, "AuthFailure.SignatureFailure")
        self.assertEqual(sms.failure_type, "sms_acc")
        self.assertFalse(self.gateway.requests)

    def test_template_mismatch_not_retried(self):
        self.template.template_code = "2000003"
        sms = self._send_reminder()
        self.assertEqual(sms.state, "error")
        self.assertEqual(
            sms.cn_error_code,
            "FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
        )
        self.assertEqual(sms.failure_type, "sms_registration_needed")

    def test_not_configured(self):
        self.company.sms_tencentcloud_sdk_app_id = False
        sms = self._send_reminder()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_acc")
        self.assertIn("SmsSdkAppId", sms.cn_failure_reason)
