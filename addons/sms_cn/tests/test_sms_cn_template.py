from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SmsCnCase


@tagged("post_install", "-at_install")
class TestSmsCnTemplate(SmsCnCase):
    def _create(self, **values):
        return self.env["sms.cn.template"].create(
            dict(
                {
                    "name": "Outage",
                    "company_id": self.company.id,
                    "gateway": "fake_cn",
                    "message_type": "property.outage",
                    "template_code": "T-2",
                    "param_names": "area,start",
                },
                **values,
            )
        )

    def test_params_order(self):
        self.assertEqual(
            self.template._get_param_names(), ["name", "amount", "due_date"]
        )
        params, missing = self.template._render_params({"name": "A", "amount": 0})
        self.assertEqual(params, [("name", "A"), ("amount", "0")])
        self.assertEqual(missing, ["due_date"])

    def test_bad_templates(self):
        for values in (
            {"message_type": "Property Outage"},
            {"param_names": "area,start date"},
            {"param_names": "area,area"},
            {"message_type": "generic", "param_names": "text"},
            {"template_code": "  "},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self._create(**values)
        self._create(message_type="generic", param_names="content")

    @mute_logger("odoo.sql_db")
    def test_one_template_per_type(self):
        with self.assertRaises(IntegrityError):
            self._create(message_type="property.reminder.pre_due")

    def test_access(self):
        user = new_test_user(self.env, "sms_cn_user", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["sms.cn.template"].with_user(user).search([])
        admin = new_test_user(self.env, "sms_cn_admin", groups="base.group_system")
        # Administrators see the templates of their companies only.
        self.assertFalse(
            self.env["sms.cn.template"].with_user(admin).search([]) & self.template
        )
