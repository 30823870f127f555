from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.sms.tools.sms_api import SmsApi

from ..const import MAX_RETRIES
from .common import FakeGatewayApi, SmsCnCase, SmsCnGatewayError


@tagged("post_install", "-at_install")
class TestSmsCnSend(SmsCnCase):
    def test_iap_unchanged(self):
        """A company on Odoo IAP sends exactly as Odoo does."""
        iap_calls = []

        def _send_sms_batch(api, messages, delivery_reports_url=False):
            iap_calls.append(messages)
            return [
                {"uuid": number["uuid"], "state": "success", "credit": 1}
                for message in messages
                for number in message["numbers"]
            ]

        self.patch(SmsApi, "_send_sms_batch", _send_sms_batch)
        partner = self.env["res.partner"].create(
            {"name": "Li Lei", "mobile": "+32456001122"}
        )
        self.assertEqual(self.env.company.sms_cn_gateway, "iap")
        partner._message_sms("Hello", partner_ids=partner.ids)
        sms = self.env["sms.sms"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(iap_calls), 1)
        self.assertEqual(iap_calls[0][0]["content"], "Hello")
        self.assertEqual(sms.state, "pending")
        self.assertTrue(sms.to_delete)
        self.assertFalse(sms.cn_gateway)
        self.assertFalse(FakeGatewayApi.calls)

    def test_send_template(self):
        sms = self._send_reminder()
        [[message]] = FakeGatewayApi.calls
        self.assertEqual(message["template_code"], "T-1")
        self.assertEqual(message["sign_name"], "绿城物业")
        self.assertEqual(message["number"], "+8613800138000")
        self.assertEqual(
            message["params"],
            [("name", "王芳"), ("amount", "356.8"), ("due_date", "2026-12-31")],
        )
        self.assertEqual(sms.company_id, self.company)
        self.assertEqual(sms.cn_message_type, "property.reminder.pre_due")
        self.assertEqual(sms.cn_params, self.params)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.cn_msgid, f"MSG-{sms.uuid[:8]}")
        self.assertFalse(sms.to_delete)
        self.assertEqual(
            sms.mail_message_id.notification_ids.notification_status, "pending"
        )

    def test_companies_split(self):
        """One queue run sends each company's SMS through its own gateway."""
        iap_calls = []
        self.patch(
            SmsApi,
            "_send_sms_batch",
            lambda api, messages, delivery_reports_url=False: (
                iap_calls.append(messages)
                or [
                    {"uuid": n["uuid"], "state": "success"}
                    for m in messages
                    for n in m["numbers"]
                ]
            ),
        )
        sms = self.env["sms.sms"].create(
            [
                {
                    "number": "+8613800138000",
                    "body": "a",
                    "company_id": self.company.id,
                    "cn_message_type": "property.reminder.pre_due",
                    "cn_params": self.params,
                },
                {"number": "+32456001122", "body": "b"},
            ]
        )
        self.env["sms.sms"]._process_queue()
        self.assertEqual(len(FakeGatewayApi.calls), 1)
        self.assertEqual(len(iap_calls), 1)
        self.assertEqual(set(sms.mapped("state")), {"pending"})

    def test_refused_without_template(self):
        sms = self._send_reminder(message_type="property.outage")
        self.assertFalse(FakeGatewayApi.calls)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_registration_needed")
        self.assertIn("property.outage", sms.cn_failure_reason)
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn("property.outage", notification.format_failure_reason())
        self.assertTrue(
            notification.format_failure_reason().startswith(
                "Country-specific Registration Required"
            )
        )

    def test_refused_missing_parameter(self):
        sms = self._send_reminder(
            params={"name": "王芳", "amount": "", "due_date": "x"}
        )
        self.assertFalse(FakeGatewayApi.calls)
        self.assertIn("amount", sms.cn_failure_reason)
        sms = self._send_reminder(params=["王芳"])
        self.assertEqual(sms.state, "error")

    def test_plain_text_and_generic(self):
        sms = self.env["sms.sms"].create(
            {"number": "+8613800138000", "body": "停水", "company_id": self.company.id}
        )
        sms.send()
        self.assertEqual(sms.state, "error")
        self.assertIn("generic", sms.cn_failure_reason)
        self.env["sms.cn.template"].create(
            {
                "name": "Any text",
                "company_id": self.company.id,
                "gateway": "fake_cn",
                "message_type": "generic",
                "template_code": "T-G",
                "param_names": "content",
            }
        )
        sms.action_set_outgoing()
        sms.send()
        [[message]] = FakeGatewayApi.calls
        self.assertEqual(message["params"], [("content", "停水")])
        self.assertEqual(sms.state, "pending")

    def test_refused_without_signature_or_configuration(self):
        self.company.sms_cn_sign_name = False
        sms = self._send_reminder()
        self.assertIn("签名", sms.cn_failure_reason)
        self.company.sms_cn_sign_name = "绿城物业"
        FakeGatewayApi.configuration_problem = "No key."
        sms = self._send_reminder()
        self.assertEqual(sms.failure_type, "sms_acc")
        self.assertEqual(sms.cn_failure_reason, "No key.")
        self.assertFalse(FakeGatewayApi.calls)

    def test_retry_spaced_then_error(self):
        FakeGatewayApi.answers = ["Busy"] * (MAX_RETRIES + 1)
        sms = self._send_reminder()
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.assertIn(sms.cn_next_try_date, triggers.mapped("call_at"))
        gaps = []
        for attempt in range(1, MAX_RETRIES + 1):
            self.assertEqual((sms.state, sms.cn_retry_count), ("outgoing", attempt))
            self.assertIn(
                f"Attempt {attempt} of {MAX_RETRIES + 1}", sms.cn_failure_reason
            )
            gaps.append(sms.cn_next_try_date - fields.Datetime.now())
            self.env["sms.sms"]._process_queue()  # not due: left alone
            self.assertEqual(len(FakeGatewayApi.calls), attempt)
            sms.cn_next_try_date = fields.Datetime.now() - timedelta(seconds=1)
            self.env["sms.sms"]._process_queue()
        self.assertEqual(gaps, sorted(gaps))
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_server")
        self.assertEqual(sms.cn_error_code, "Busy")
        self.assertEqual(sms.cn_failure_reason, "Busy: no")
        notification = sms.mail_message_id.notification_ids
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_reason, "Busy: no")

        # Sending again by hand starts the count anew.
        sms.resend_failed()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.cn_retry_count, 0)

    def test_permanent_error(self):
        FakeGatewayApi.answers = ["BadTemplate"]
        sms = self._send_reminder()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_registration_needed")
        self.assertEqual(len(FakeGatewayApi.calls), 1)

    def test_request_errors(self):
        """A network error is tried again; a refused request follows the
        gateway's verdict; the composer's raise_exception still raises."""
        FakeGatewayApi.answers = [ConnectionError("refused")]
        sms = self._send_reminder()
        self.assertEqual(
            (sms.state, sms.cn_error_code), ("outgoing", "ConnectionError")
        )
        FakeGatewayApi.answers = [SmsCnGatewayError("AuthFailure", "bad key")]
        sms = self._send_reminder()
        self.assertEqual((sms.state, sms.cn_error_code), ("error", "AuthFailure"))
        FakeGatewayApi.answers = [SmsCnGatewayError("Throttled", "slow", retry=True)]
        sms = self._send_reminder()
        self.assertEqual(sms.state, "outgoing")
        FakeGatewayApi.answers = [ConnectionError("refused")]
        sms = self.env["sms.sms"].create(
            {
                "number": "+8613800138000",
                "body": "x",
                "company_id": self.company.id,
                "cn_message_type": "property.reminder.pre_due",
                "cn_params": self.params,
            }
        )
        with self.assertRaises(ConnectionError):
            sms._send(raise_exception=True)

    def test_company_of_sms(self):
        """The SMS takes the company of its record, else of its recipient,
        else the current one."""
        sms = self._send_reminder()
        self.assertEqual(sms.company_id, self.company)
        partner = self.env["res.partner"].create({"name": "No company"})
        sms = self.env["sms.sms"].create(
            [
                {"number": "1", "partner_id": self.resident.id},
                {"number": "2", "partner_id": partner.id},
                {"number": "3"},
            ]
        )
        self.assertEqual(sms.company_id, self.company | self.env.company)
        self.assertEqual(sms[1].company_id, self.env.company)
