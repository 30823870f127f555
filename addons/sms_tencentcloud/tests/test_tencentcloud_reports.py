from odoo.tests import tagged

from .common import TencentCloudSmsCase

LOGGER_ROUTE = "odoo.addons.sms_cn.controllers.main"
LOGGER_SMS = "odoo.addons.sms_cn.models.sms_sms"


@tagged("post_install", "-at_install")
class TestTencentCloudReports(TencentCloudSmsCase):
    def test_callback_delivered(self):
        sms = self._send_reminder()
        notification = sms.mail_message_id.notification_ids
        response = self._push_reports([self._report(sms)])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"result": 0, "errmsg": "OK"})
        self.assertEqual(sms.state, "sent")
        self.assertEqual(notification.notification_status, "sent")
        # Repeated, even as a failure: nothing changes.
        self._push_reports([self._report(sms, success=False, errmsg="UNDELIV")])
        self.assertEqual(sms.state, "sent")
        self.assertEqual(notification.notification_status, "sent")

    def test_callback_failed(self):
        sms = self._send_reminder()
        notification = sms.mail_message_id.notification_ids
        self._push_reports(
            [
                self._report(
                    sms, success=False, errmsg="DB:0101", description="号码无效或空号"
                )
            ]
        )
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_invalid_destination")
        self.assertEqual(sms.cn_error_code, "DB:0101")
        self.assertEqual(notification.notification_status, "bounce")
        self.assertIn("号码无效", notification.failure_reason)

    def test_callback_bad_token_ignored(self):
        sms = self._send_reminder()
        url = self.report_url[:-4] + "xxxx"
        with self.assertLogs(LOGGER_ROUTE, "WARNING"):
            response = self._push_reports([self._report(sms)], url=url)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(sms.state, "pending")

    def test_callback_tampered_ignored(self):
        sms = self._send_reminder()
        with self.assertLogs(LOGGER_SMS, "WARNING") as logs:
            self._push_reports(
                [
                    dict(self._report(sms), mobile="13900000000"),
                    dict(self._report(sms), sid="3369:1"),
                    dict(self._report(sms), nationcode="852"),
                ]
            )
        self.assertEqual(len(logs.output), 3)
        self.assertEqual(sms.state, "pending")

    def test_pull_status(self):
        """The scheduled job pulls the statuses PullSmsSendStatus queues."""
        delivered = self._send_reminder()
        failed = self._send_reminder(params=dict(self.params, name="张伟"))
        self.gateway.statuses = [
            {
                "UserReceiveTime": "2026-12-01 10:00:05",
                "CountryCode": "86",
                "SubscriberNumber": "13800138000",
                "PhoneNumber": "+8613800138000",
                "SerialNo": delivered.cn_msgid,
                "ReportStatus": "SUCCESS",
                "Description": "用户短信送达成功",
                "SessionContext": delivered.uuid,
            },
            {
                "UserReceiveTime": "2026-12-01 10:00:06",
                "CountryCode": "86",
                "SubscriberNumber": "13800138000",
                "PhoneNumber": "+8613800138000",
                "SerialNo": failed.cn_msgid,
                "ReportStatus": "FAIL",
                "Description": "用户关机或不在服务区",
                "SessionContext": "",
            },
        ]
        api = self.company._sms_cn_get_api()
        reports = api._fetch_delivery_reports(delivered | failed)
        [pull] = self.gateway.requests_of("PullSmsSendStatus")
        self.assertEqual(pull, {"Limit": 100, "SmsSdkAppId": "1400006666"})
        self.env["sms.sms"]._sms_cn_process_delivery_reports(api, reports)
        self.assertEqual(delivered.state, "sent")
        self.assertEqual(failed.state, "error")
        self.assertIn("不在服务区", failed.cn_failure_reason)
