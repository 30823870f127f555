import logging

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AlibabaCloudSmsCase

SECRET_FIELD = "sms_alibabacloud_access_key_secret"


@tagged("post_install", "-at_install")
class TestAlibabaCloudSecurity(AlibabaCloudSmsCase):
    def test_secret_never_logged(self):
        """Sending, a refused request and a delivery report log nothing of the
        secret, at any level (the SQL log aside: it shows every value)."""
        sql_logger = logging.getLogger("odoo.sql_db")
        self.addCleanup(sql_logger.setLevel, sql_logger.level)
        sql_logger.setLevel(logging.INFO)
        token = self.report_url.rsplit("/", 1)[1]
        with self.assertLogs(level="DEBUG") as logs:
            sms = self._send_reminder()
            self._push_reports([self._report(sms)])
            self.gateway.errors["SendSms"] = [
                ("isv.AMOUNT_NOT_ENOUGH", "账户余额不足", 200)
            ]
            self._send_reminder()
            self.gateway.access_key_secret = "rotated"
            self._send_reminder()
        output = "\n".join(logs.output)
        self.assertIn("alibabacloud", output)
        self.assertNotIn(self.access_key_secret, output)
        # The token travels in the URL the gateway (the test's HTTP client,
        # urllib3) posts to; Odoo's own log masks it.
        server_output = "\n".join(
            line for line in logs.output if not line.startswith("DEBUG:urllib3")
        )
        self.assertNotIn(token, server_output)

    def test_secret_not_sent_to_browser(self):
        """The settings form reads neither the secret nor its field; the
        settings page does not hold it."""
        settings = self.env["res.config.settings"].with_user(self.admin)
        views = settings.get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertNotIn(SECRET_FIELD, arch)
        self.assertIn("sms_alibabacloud_new_secret", arch)
        field_names = list(views["models"]["res.config.settings"]["fields"])
        values = settings.onchange({}, [], {name: {} for name in field_names})
        self.assertNotIn(self.access_key_secret, str(values))
        record = settings.create({})
        read = record.web_read({name: {} for name in field_names})
        self.assertNotIn(self.access_key_secret, str(read))
        self.assertTrue(read[0]["sms_alibabacloud_has_secret"])
        self.assertEqual(read[0]["sms_alibabacloud_access_key_id"], self.access_key_id)

        self.authenticate("sms_admin", "sms_admin")
        page = self.url_open("/odoo/settings")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.access_key_secret, page.text)

    def test_store_secret_from_settings(self):
        settings = (
            self.env["res.config.settings"]
            .with_user(self.admin)
            .create({"sms_alibabacloud_new_secret": " new-secret-value "})
        )
        settings.execute()
        self.assertEqual(
            self.company.sms_alibabacloud_access_key_secret, "new-secret-value"
        )
        # Saving the settings without a new secret keeps the stored one.
        self.env["res.config.settings"].with_user(self.admin).create({}).execute()
        self.assertEqual(
            self.company.sms_alibabacloud_access_key_secret, "new-secret-value"
        )

    def test_non_admin_cannot_read_secrets(self):
        user = new_test_user(
            self.env,
            "sms_officer",
            groups="base.group_user,base.group_partner_manager,base.group_erp_manager",
            company_id=self.company.id,
        )
        company = self.company.with_user(user)
        for field in (
            SECRET_FIELD,
            "sms_alibabacloud_access_key_id",
            "sms_cn_receipt_token",
        ):
            with self.assertRaises(AccessError):
                company.read([field])
        self.assertNotIn(SECRET_FIELD, company.fields_get())
        with self.assertRaises(AccessError):
            company.search([(SECRET_FIELD, "=", self.access_key_secret)])
        with self.assertRaises(AccessError):
            self.env["sms.cn.template"].with_user(user).search([])
