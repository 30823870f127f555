from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import AlibabaCloudSmsCase

LOGGER_ROUTE = "odoo.addons.sms_cn.controllers.main"
LOGGER_SMS = "odoo.addons.sms_cn.models.sms_sms"


@tagged("post_install", "-at_install")
class TestAlibabaCloudReports(AlibabaCloudSmsCase):
    def test_report_delivered(self):
        sms = self._send_reminder()
        notification = sms.mail_message_id.notification_ids
        response = self._push_reports([self._report(sms)])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"code": 0, "msg": "接收成功"})
        self.assertEqual(sms.state, "sent")
        self.assertTrue(sms.cn_report_date)
        self.assertTrue(sms.to_delete)
        self.assertEqual(notification.notification_status, "sent")

        # The same report again changes nothing.
        report_date = sms.cn_report_date
        self._push_reports([self._report(sms, success=False, code="UNDELIV")])
        self.assertEqual(sms.state, "sent")
        self.assertEqual(sms.cn_report_date, report_date)
        self.assertEqual(notification.notification_status, "sent")

    def test_report_failed(self):
        sms = self._send_reminder()
        notification = sms.mail_message_id.notification_ids
        self._push_reports(
            [self._report(sms, success=False, code="EXPIRED", message="短信超时")]
        )
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_expired")
        self.assertEqual(sms.cn_error_code, "EXPIRED")
        self.assertIn("短信超时", sms.cn_failure_reason)
        self.assertFalse(sms.to_delete)
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_type, "sms_expired")
        self.assertIn("EXPIRED", notification.failure_reason)

        # Repeated: nothing changes.
        self._push_reports([self._report(sms)])
        self.assertEqual(sms.state, "error")
        self.assertEqual(notification.notification_status, "exception")

    def test_report_batch(self):
        """One push holds the reports of several SMS sent in one batch."""
        other = self.resident.copy({"name": "李雷", "mobile": "+85291234567"})
        sms = self.env["sms.sms"].create(
            [
                {
                    "number": partner.mobile,
                    "partner_id": partner.id,
                    "body": "提醒",
                    "cn_message_type": "property.reminder.pre_due",
                    "cn_params": self.params,
                }
                for partner in self.resident | other
            ]
        )
        sms.send()
        first, second = sms
        self.assertEqual(first.cn_msgid, second.cn_msgid)
        self._push_reports(
            [
                dict(self._report(first), out_id=""),
                dict(
                    self._report(second, success=False, code="REJECTD"),
                    phone_number="85291234567",
                    out_id="",
                ),
            ]
        )
        self.assertEqual(first.state, "sent")
        self.assertEqual(second.state, "error")
        self.assertEqual(second.failure_type, "sms_rejected")

    def test_report_bad_token_ignored(self):
        sms = self._send_reminder()
        url = self.report_url.rsplit("/", 1)[0] + "/not-the-token"
        with self.assertLogs(LOGGER_ROUTE, "WARNING") as logs:
            response = self._push_reports([self._report(sms)], url=url)
        self.assertEqual(response.status_code, 403)
        self.assertIn("unknown token", logs.output[0])
        self.assertEqual(sms.state, "pending")
        self.assertFalse(sms.cn_report_date)

    def test_report_tampered_ignored(self):
        """A report naming another number, another OutId or an unknown BizId
        changes nothing."""
        sms = self._send_reminder()
        tampered = [
            dict(self._report(sms), phone_number="13900000000"),
            dict(self._report(sms), out_id="0" * 32),
            dict(self._report(sms), biz_id="123^0"),
        ]
        with self.assertLogs(LOGGER_SMS, "WARNING") as logs:
            response = self._push_reports(tampered)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(logs.output), 3)
        self.assertEqual(sms.state, "pending")

    def test_report_of_other_company_ignored(self):
        """A company's address does not update another company's SMS."""
        sms = self._send_reminder()
        other = self.env["res.company"].create(
            {"name": "Blue Sky PM", "sms_cn_gateway": "alibabacloud"}
        )
        url = other._sms_cn_receipt_url("alibabacloud")
        with self.assertLogs(LOGGER_SMS, "WARNING"):
            self._push_reports([self._report(sms)], url=url)
        self.assertEqual(sms.state, "pending")

    def test_report_not_json(self):
        with self.assertLogs(LOGGER_ROUTE, "WARNING"):
            response = self.url_open(self.report_url, data=b"<xml/>")
        self.assertEqual(response.status_code, 200)

    def test_fetch_reports(self):
        """Without a push, the scheduled job asks QuerySendDetails."""
        delivered = self._send_reminder()
        failed = self._send_reminder(params=dict(self.params, name="张伟"))
        waiting = self._send_reminder(params=dict(self.params, name="刘洋"))
        (delivered | failed | waiting).cn_sent_date = fields.Datetime.now() - timedelta(
            minutes=20
        )
        self.gateway.details = {
            ("13800138000", delivered.cn_msgid): {
                "PhoneNum": "13800138000",
                "SendStatus": 3,
                "ErrCode": "DELIVERED",
                "TemplateCode": "SMS_100001",
                "OutId": delivered.uuid,
            },
            ("13800138000", failed.cn_msgid): {
                "PhoneNum": "13800138000",
                "SendStatus": 2,
                "ErrCode": "UNDELIV",
                "TemplateCode": "SMS_100001",
                "OutId": failed.uuid,
            },
            ("13800138000", waiting.cn_msgid): {
                "PhoneNum": "13800138000",
                "SendStatus": 1,
                "ErrCode": "",
                "TemplateCode": "SMS_100001",
            },
        }
        self.env["sms.sms"]._cron_sms_cn_fetch_delivery_reports()
        queries = self.gateway.requests_of("QuerySendDetails")
        self.assertEqual(len(queries), 3)
        self.assertEqual(queries[0]["PhoneNumber"], "13800138000")
        self.assertEqual(len(queries[0]["SendDate"]), 8)
        self.assertEqual(delivered.state, "sent")
        self.assertEqual(failed.state, "error")
        self.assertEqual(failed.failure_type, "sms_not_delivered")
        self.assertEqual(waiting.state, "pending")
