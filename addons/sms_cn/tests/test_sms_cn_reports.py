import logging
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..controllers.main import ReportTokenFilter
from .common import FakeGatewayApi, SmsCnCase

LOGGER_SMS = "odoo.addons.sms_cn.models.sms_sms"


@tagged("post_install", "-at_install")
class TestSmsCnReports(SmsCnCase):
    def _report(self, sms, delivered=True, code="DELIVRD", message="", **values):
        return dict(
            {
                "msgid": sms.cn_msgid,
                "number": "13800138000",
                "delivered": delivered,
                "code": code,
                "message": message,
            },
            **values,
        )

    def test_delivered(self):
        sms = self._send_reminder()
        notification = sms.mail_message_id.notification_ids
        updated = self.env["sms.sms"]._sms_cn_process_delivery_reports(
            self._api(), [self._report(sms)]
        )
        self.assertEqual(updated, sms)
        self.assertEqual(sms.state, "sent")
        self.assertTrue(sms.to_delete)
        self.assertEqual(notification.notification_status, "sent")
        # Repeated: nothing changes.
        updated = self.env["sms.sms"]._sms_cn_process_delivery_reports(
            self._api(), [self._report(sms, delivered=False, code="UNDELIV")]
        )
        self.assertFalse(updated)
        self.assertEqual(sms.state, "sent")

    def test_failed(self):
        sms = self._send_reminder()
        notification = sms.mail_message_id.notification_ids
        self.env["sms.sms"]._sms_cn_process_delivery_reports(
            self._api(),
            [self._report(sms, delivered=False, code="REJECTD", message="拒收")],
        )
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_rejected")
        self.assertEqual(sms.cn_failure_reason, "REJECTD: 拒收")
        self.assertEqual(notification.notification_status, "bounce")
        self.assertEqual(notification.failure_type, "sms_rejected")
        self.assertEqual(notification.failure_reason, "REJECTD: 拒收")
        self.assertEqual(
            notification.format_failure_reason(), "Rejected: REJECTD: 拒收"
        )

    def test_unknown_ignored(self):
        sms = self._send_reminder()
        reports = [
            self._report(sms, msgid="MSG-other"),
            self._report(sms, number="13900000000"),
            self._report(sms, uuid="f" * 32),
        ]
        with self.assertLogs(LOGGER_SMS, "WARNING") as logs:
            updated = self.env["sms.sms"]._sms_cn_process_delivery_reports(
                self._api(), reports
            )
        self.assertEqual(len(logs.output), 3)
        self.assertFalse(updated)
        self.assertEqual(sms.state, "pending")
        # Another company's gateway does not reach this company's SMS.
        other = self.env["res.company"].create(
            {"name": "Blue Sky PM", "sms_cn_gateway": "fake_cn"}
        )
        with self.assertLogs(LOGGER_SMS, "WARNING"):
            self.env["sms.sms"]._sms_cn_process_delivery_reports(
                FakeGatewayApi(other), [self._report(sms)]
            )
        self.assertEqual(sms.state, "pending")

    def test_cron_fetches_reports(self):
        sms = self._send_reminder()
        FakeGatewayApi.reports = [self._report(sms)]
        self.env["sms.sms"]._cron_sms_cn_fetch_delivery_reports()
        self.assertEqual(sms.state, "pending", "Too early: reports are waited for.")
        sms.cn_sent_date = fields.Datetime.now() - timedelta(minutes=15)
        self.env["sms.sms"]._cron_sms_cn_fetch_delivery_reports()
        self.assertEqual(sms.state, "sent")

    def test_receipt_address(self):
        token = self.company.sudo().sms_cn_receipt_token
        self.assertTrue(token)
        self.assertFalse(self.env.company.sudo().sms_cn_receipt_token)
        url = self.company._sms_cn_receipt_url("fake_cn")
        self.assertTrue(url.endswith(f"/sms_cn/fake_cn/report/{token}"))
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        self.assertEqual(settings.sms_cn_receipt_url, url)
        settings.action_sms_cn_renew_receipt_token()
        self.assertNotEqual(self.company.sudo().sms_cn_receipt_token, token)

    def test_token_masked_in_request_log(self):
        record = logging.LogRecord(
            "werkzeug",
            logging.INFO,
            __file__,
            1,
            '%s - - [%s] "%s" %s %s',
            (
                "127.0.0.1",
                "now",
                "POST /sms_cn/fake_cn/report/s3cr3t HTTP/1.1",
                "200",
                "-",
            ),
            None,
        )
        ReportTokenFilter().filter(record)
        self.assertNotIn("s3cr3t", record.getMessage())
        self.assertIn("/sms_cn/fake_cn/report/*** HTTP/1.1", record.getMessage())
