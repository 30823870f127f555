import json
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.sms.tools.sms_api import SmsApi

from .common import AlibabaCloudSmsCase


@tagged("post_install", "-at_install")
class TestAlibabaCloudSms(AlibabaCloudSmsCase):
    def test_send_through_gateway(self):
        """An SMS posted the normal way goes out as the approved template, with
        the signature and the parameters, and waits for its delivery report."""
        sms = self._send_reminder()
        [params] = self.gateway.requests_of("SendSms")
        self.assertEqual(params["PhoneNumbers"], "13800138000")
        self.assertEqual(params["SignName"], "绿城物业")
        self.assertEqual(params["TemplateCode"], "SMS_100001")
        self.assertEqual(json.loads(params["TemplateParam"]), self.params)
        self.assertEqual(params["OutId"], sms.uuid)
        self.assertEqual(sms.state, "pending")
        self.assertTrue(sms.cn_msgid.endswith("^0"))
        self.assertEqual(sms.cn_template_id, self.template)
        self.assertEqual(sms.cn_gateway, "alibabacloud")
        self.assertEqual(sms.company_id, self.company)
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "pending")

    def test_send_queue_batch(self):
        """The queue sends SMS of one template in one SendBatchSms, each with
        its own parameters; a template's own signature wins."""
        self.template.sign_name = "【绿城服务】"
        other = self.resident.copy({"name": "李雷", "mobile": "+85291234567"})
        sms = self.env["sms.sms"].create(
            [
                {
                    "number": partner.mobile,
                    "partner_id": partner.id,
                    "body": "提醒",
                    "cn_message_type": "property.reminder.pre_due",
                    "cn_params": dict(self.params, name=partner.name),
                }
                for partner in self.resident | other
            ]
        )
        self.assertEqual(sms.company_id, self.company)
        self.env["sms.sms"]._process_queue()
        self.assertFalse(self.gateway.requests_of("SendSms"))
        [params] = self.gateway.requests_of("SendBatchSms")
        self.assertEqual(
            json.loads(params["PhoneNumberJson"]), ["13800138000", "85291234567"]
        )
        self.assertEqual(json.loads(params["SignNameJson"]), ["绿城服务", "绿城服务"])
        self.assertEqual(
            [value["name"] for value in json.loads(params["TemplateParamJson"])],
            ["王芳", "李雷"],
        )
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertEqual(len(set(sms.mapped("cn_msgid"))), 1)

    def test_no_template_refused(self):
        """A message type without an approved template is refused before
        sending, with the reason on the SMS and on the notification."""
        sms = self._send_reminder(message_type="property.dunning.level_3")
        self.assertFalse(self.gateway.requests)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_registration_needed")
        self.assertIn("property.dunning.level_3", sms.cn_failure_reason)
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_type, "sms_registration_needed")
        self.assertIn("property.dunning.level_3", notification.failure_reason)
        self.assertIn("property.dunning.level_3", notification.format_failure_reason())

    def test_archived_template_refused(self):
        self.template.active = False
        sms = self._send_reminder()
        self.assertFalse(self.gateway.requests)
        self.assertEqual(sms.state, "error")

    def test_missing_parameter_refused(self):
        sms = self._send_reminder(params={"name": "王芳", "amount": "356.80"})
        self.assertFalse(self.gateway.requests)
        self.assertEqual(sms.state, "error")
        self.assertIn("due_date", sms.cn_failure_reason)

    def test_plain_text_needs_generic_template(self):
        """Free text is refused, unless the company has a 'generic' template
        taking it as its one parameter 'content'."""
        self.resident._message_sms(
            "停水通知：明天9点至12点停水。", partner_ids=self.resident.ids
        )
        sms = self.env["sms.sms"].search([("partner_id", "=", self.resident.id)])
        self.assertEqual(sms.state, "error")
        self.assertIn("generic", sms.cn_failure_reason)
        self.assertFalse(self.gateway.requests)

        self.env["sms.cn.template"].create(
            {
                "name": "Any text",
                "company_id": self.company.id,
                "gateway": "alibabacloud",
                "message_type": "generic",
                "template_code": "SMS_100002",
                "param_names": "content",
            }
        )
        sms.resend_failed()
        [params] = self.gateway.requests_of("SendSms")
        self.assertEqual(params["TemplateCode"], "SMS_100002")
        self.assertEqual(
            json.loads(params["TemplateParam"]),
            {"content": "停水通知：明天9点至12点停水。"},
        )
        self.assertEqual(sms.state, "pending")
        self.assertFalse(sms.cn_failure_reason)

    def test_no_signature_refused(self):
        self.company.sms_cn_sign_name = False
        sms = self._send_reminder()
        self.assertFalse(self.gateway.requests)
        self.assertEqual(sms.state, "error")
        self.assertIn("签名", sms.cn_failure_reason)

    def test_wrong_number_refused(self):
        self.resident.mobile = "12345"
        sms = self._send_reminder()
        self.assertFalse(self.gateway.requests)
        self.assertEqual(sms.failure_type, "sms_number_format")

    def _make_due(self, sms):
        sms.cn_next_try_date = fields.Datetime.now() - timedelta(seconds=1)

    def test_rate_limit_retried_then_error(self):
        """A flow control error is tried again three times, spaced, then the
        SMS is in error with the gateway's code and message."""
        limit = ("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5", 200)
        self.gateway.errors["SendSms"] = [limit] * 4
        sms = self._send_reminder()
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(sms.cn_retry_count, 1)
        self.assertEqual(sms.cn_error_code, "isv.BUSINESS_LIMIT_CONTROL")
        self.assertGreater(sms.cn_next_try_date, fields.Datetime.now())
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "ready")

        # Not due yet: the queue leaves it.
        self.env["sms.sms"]._process_queue()
        self.assertEqual(len(self.gateway.requests_of("SendSms")), 1)

        delays = [sms.cn_next_try_date - fields.Datetime.now()]
        for attempt in (2, 3):
            self._make_due(sms)
            self.env["sms.sms"]._process_queue()
            self.assertEqual(sms.state, "outgoing")
            self.assertEqual(sms.cn_retry_count, attempt)
            delays.append(sms.cn_next_try_date - fields.Datetime.now())
        self.assertLess(delays[0], delays[1])
        self.assertLess(delays[1], delays[2])

        self._make_due(sms)
        self.env["sms.sms"]._process_queue()
        self.assertEqual(len(self.gateway.requests_of("SendSms")), 4)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_server")
        self.assertEqual(sms.cn_error_code, "isv.BUSINESS_LIMIT_CONTROL")
        self.assertIn("触发小时级流控", sms.cn_failure_reason)
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn("isv.BUSINESS_LIMIT_CONTROL", notification.failure_reason)

    def test_retry_then_sent(self):
        self.gateway.errors["SendSms"] = [("isp.SYSTEM_ERROR", "系统错误", 200)]
        sms = self._send_reminder()
        self.assertEqual(sms.state, "outgoing")
        self._make_due(sms)
        self.env["sms.sms"]._process_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.cn_retry_count, 1)
        self.assertFalse(sms.cn_error_code)
        self.assertFalse(sms.cn_failure_reason)

    def test_template_error_not_retried(self):
        """A template the gateway refuses (a variable not given) is in error at
        once: trying again cannot help."""
        self.template.template_code = "SMS_100003"
        sms = self._send_reminder()
        self.assertEqual(len(self.gateway.requests_of("SendSms")), 1)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.cn_error_code, "isv.TEMPLATE_MISSING_PARAMETERS")
        self.assertEqual(sms.failure_type, "sms_registration_needed")
        self.assertEqual(sms.cn_retry_count, 0)

    def test_bad_credentials(self):
        """The fake gateway checks the signature: a wrong secret is refused
        as Alibaba Cloud refuses it, and not tried again."""
        self.company.sms_alibabacloud_access_key_secret = "not-the-secret"
        sms = self._send_reminder()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.cn_error_code, "SignatureDoesNotMatch")
        self.assertEqual(sms.failure_type, "sms_acc")
        self.assertFalse(self.gateway.requests)

    def test_gateway_unreachable_retried(self):
        self.company.sms_alibabacloud_endpoint = "http://127.0.0.1:9"
        sms = self._send_reminder()
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(sms.cn_retry_count, 1)
        self.assertEqual(sms.cn_error_code, "NetworkError")

    def test_not_configured(self):
        self.company.sms_alibabacloud_access_key_secret = False
        sms = self._send_reminder()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_acc")
        self.assertIn("AccessKey", sms.cn_failure_reason)
        self.assertFalse(self.gateway.requests)

    def test_iap_company_unchanged(self):
        """A company left on Odoo IAP sends through IAP, beside one using
        Alibaba Cloud."""
        iap_resident = self.resident.copy(
            {"name": "Li Lei", "company_id": self.env.ref("base.main_company").id}
        )
        iap_sms = []

        def _send_sms_batch(api, messages, delivery_reports_url=False):
            iap_sms.extend(messages)
            return [
                {"uuid": number["uuid"], "state": "success", "credit": 1}
                for message in messages
                for number in message["numbers"]
            ]

        self.patch(SmsApi, "_send_sms_batch", _send_sms_batch)
        iap_resident._message_sms("Hello", partner_ids=iap_resident.ids)
        sent = self._send_reminder()
        self.assertEqual(len(iap_sms), 1)
        self.assertEqual(iap_sms[0]["content"], "Hello")
        self.assertEqual(len(self.gateway.requests_of("SendSms")), 1)
        self.assertEqual(sent.state, "pending")
