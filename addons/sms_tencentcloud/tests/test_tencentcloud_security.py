import logging

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TencentCloudSmsCase

SECRET_FIELD = "sms_tencentcloud_secret_key"


@tagged("post_install", "-at_install")
class TestTencentCloudSecurity(TencentCloudSmsCase):
    def test_secret_never_logged(self):
        sql_logger = logging.getLogger("odoo.sql_db")
        self.addCleanup(sql_logger.setLevel, sql_logger.level)
        sql_logger.setLevel(logging.INFO)
        token = self.report_url.rsplit("/", 1)[1]
        with self.assertLogs(level="DEBUG") as logs:
            sms = self._send_reminder()
            self._push_reports([self._report(sms)])
            self.gateway.secret_key = "rotated"
            self._send_reminder()
        output = "\n".join(logs.output)
        self.assertIn("tencentcloud", output)
        self.assertNotIn(self.secret_key, output)
        # The token travels in the URL the gateway (the test's HTTP client,
        # urllib3) posts to; Odoo's own log masks it.
        server_output = "\n".join(
            line for line in logs.output if not line.startswith("DEBUG:urllib3")
        )
        self.assertNotIn(token, server_output)

    def test_secret_not_sent_to_browser(self):
        settings = self.env["res.config.settings"].with_user(self.admin)
        views = settings.get_views([(False, "form")])
        self.assertNotIn(SECRET_FIELD, views["views"]["form"]["arch"])
        spec = {name: {} for name in views["models"]["res.config.settings"]["fields"]}
        self.assertNotIn(self.secret_key, str(settings.onchange({}, [], spec)))
        read = settings.create({}).web_read(spec)
        self.assertNotIn(self.secret_key, str(read))
        self.assertTrue(read[0]["sms_tencentcloud_has_secret_key"])
        self.authenticate("sms_tc_admin", "sms_tc_admin")
        page = self.url_open("/odoo/settings")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.secret_key, page.text)

    def test_non_admin_cannot_read_secrets(self):
        user = new_test_user(
            self.env,
            "sms_tc_officer",
            groups="base.group_user,base.group_erp_manager",
            company_id=self.company.id,
        )
        company = self.company.with_user(user)
        for field in (SECRET_FIELD, "sms_tencentcloud_secret_id"):
            with self.assertRaises(AccessError):
                company.read([field])
        self.assertNotIn(SECRET_FIELD, company.fields_get())
