from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from odoo.addons.property_base.models.property_notification import (
    PropertyNotification,
)
from odoo.addons.property_billing.tests.common import BillingCase


@tagged("post_install", "-at_install")
class TestReminders(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community.write({"reminder_cycle_days": 7, "reminder_due_days": 3})
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.owner.write(
            {
                "email": "zhang.wei@example.com",
                "property_contact_channel": "email",
                "lang": "en_US",
            }
        )
        cls.contract = cls._create_contract(due_days=14)
        run = cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        )
        run.action_run()
        cls.bill = run.move_ids  # due 2026-01-15

    def _send(self):
        self.env["property.reminder"]._cron_send_reminders()
        self.env["property.notification"]._cron_send()  # retries
        return self.env["property.reminder"].search(
            [("partner_id", "=", self.owner.id)], order="id"
        )

    def _comments(self, record):
        return record.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.owner in m.partner_ids
        )

    def test_due_reminder_timing_and_no_double_send(self):
        with freeze_time("2026-01-11"):
            self.assertFalse(self._send().filtered(lambda r: r.stage == "due"))
        with freeze_time("2026-01-12"):
            reminders = self._send().filtered(lambda r: r.stage == "due")
            self.assertEqual(len(reminders), 1)
            self.assertEqual(reminders.state, "sent")
            self.assertEqual(reminders.move_id, self.bill)
            self.assertEqual(reminders.amount, 250.0)
            # Its values by name, for the connectors' approved templates.
            params = reminders.notification_id.params
            self.assertEqual(params["unit"], self.unit.code)
            self.assertEqual(params["payer"], self.owner.name)
            self.assertIn("250.00", params["amount"])
            # The job runs again (or twice at once): nothing is sent again.
            self.assertEqual(
                self._send().filtered(lambda r: r.stage == "due"), reminders
            )
        with freeze_time("2026-01-13"):
            self._send()
        messages = self._comments(self.bill)
        self.assertEqual(len(messages), 1)
        self.assertIn("is due on", messages.body)
        self.assertIn(self.bill.payment_reference, messages.body)

    def test_paid_bill_is_not_reminded(self):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.bill.ids
        ).create({})._create_payments()
        with freeze_time("2026-01-13"):
            self.assertFalse(self._send().filtered(lambda r: r.stage == "due"))

    def test_cycle_reminder_with_breakdown(self):
        with freeze_time("2026-01-24"):
            self.assertFalse(self._send().filtered(lambda r: r.stage == "cycle"))
        with freeze_time("2026-01-25"):
            reminder = self._send().filtered(lambda r: r.stage == "cycle")
        self.assertEqual(len(reminder), 1)
        self.assertEqual(str(reminder.period_start), "2026-02-01")
        self.assertEqual(str(reminder.period_end), "2026-02-28")
        self.assertEqual(reminder.amount, 250.0)
        self.assertIn("Property Fee", reminder.breakdown)
        message = self._comments(self.contract)
        self.assertEqual(len(message), 1)
        self.assertIn("Property Fee", message.body)
        with freeze_time("2026-01-26"):
            self.assertEqual(
                self._send().filtered(lambda r: r.stage == "cycle"), reminder
            )

    def test_chinese_template_for_chinese_speakers(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["property_collection"], ["zh_CN"], overwrite=True
        )
        self.owner.lang = "zh_CN"
        with freeze_time("2026-01-12"):
            self._send()
        message = self._comments(self.bill)
        self.assertTrue(message)
        self.assertIn("请", message.body)

    def test_unreachable_by_the_preferred_channel_falls_back(self):
        self.owner.write({"property_contact_channel": "sms", "mobile": False})
        with freeze_time("2026-01-12"):
            reminder = self._send().filtered(lambda r: r.stage == "due")
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.channel, "email")
        self.assertEqual(len(self._comments(self.bill)), 1)

        self.owner.property_contact_channel = "wechat"  # no connector installed
        with freeze_time("2026-01-25"):
            reminder = self._send().filtered(lambda r: r.stage == "cycle")
        self.assertEqual(reminder.channel, "email")
        self.assertEqual(reminder.notification_id.kind, "reminder_cycle")

    def test_failing_channel_is_retried_then_reported(self):
        self.owner.write({"property_contact_channel": "sms", "mobile": "+86 138"})
        with patch.object(
            PropertyNotification,
            "_send_by_sms",
            side_effect=UserError("短信网关无响应"),
        ):
            with freeze_time("2026-01-12 08:00"):
                reminder = self._send().filtered(lambda r: r.stage == "due")
                self.assertEqual(reminder.state, "pending")
                self.assertEqual(reminder.attempt_count, 1)
                self.assertEqual(reminder.last_error, "短信网关无响应")
            with freeze_time("2026-01-12 08:30"):
                self._send()
                self.assertEqual(reminder.attempt_count, 1)  # waits before retrying
            with freeze_time("2026-01-12 09:30"):
                self._send()
                self.assertEqual(reminder.attempt_count, 2)
            with freeze_time("2026-01-12 12:00"):
                self._send()
        self.assertEqual(reminder.state, "failed")
        notes = self.bill.message_ids.filtered(
            lambda m: "could not be sent" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("短信网关无响应", notes.body)
        # The gateway is back: staff send it again.
        reminder.action_retry()
        self.assertEqual(reminder.state, "sent")
        sms = self.bill.message_ids.filtered(lambda m: m.message_type == "sms")
        self.assertEqual(len(sms), 1)

    def test_channel_error_is_caught_and_retried(self):
        calls = []

        def flaky(notification):
            calls.append(notification)
            if len(calls) == 1:
                raise ConnectionError("gateway down")

        with patch.object(PropertyNotification, "_send_by_email", flaky):
            with freeze_time("2026-01-12 08:00"):
                reminder = self._send().filtered(lambda r: r.stage == "due")
                self.assertIn("gateway down", reminder.last_error)
                self.assertEqual(reminder.state, "pending")
            with freeze_time("2026-01-12 10:00"):
                self._send()
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(len(calls), 2)

    def test_paper_reminders_go_to_the_notice_list(self):
        self.owner.property_contact_channel = "paper"
        with freeze_time("2026-01-12"):
            reminder = self._send().filtered(lambda r: r.stage == "due")
        self.assertEqual(reminder.state, "to_deliver")
        self.assertEqual(reminder.channel, "paper")
        self.assertFalse(reminder.printed)
        action = reminder.action_print_notices()
        self.assertEqual(
            action["report_name"], "property_collection.report_property_notice_list"
        )
        self.assertTrue(reminder.printed)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "property_collection.report_property_notice_list", reminder.ids
        )
        self.assertIn(self.owner.name, html.decode())
        self.owner.property_contact_channel = "email"
        with self.assertRaisesRegex(UserError, "paper or phone"):
            self.env["property.reminder"].browse().action_print_notices()

    def test_negative_reminder_days_refused(self):
        with self.assertRaisesRegex(ValidationError, "reminder days"):
            self.community.reminder_due_days = -1

    def test_disabled_reminders(self):
        self.community.write({"reminder_cycle_days": 0, "reminder_due_days": 0})
        with freeze_time("2026-01-12"):
            self.assertFalse(self._send())

    def test_cycle_reminder_announces_the_community_rate(self):
        """A community's own rate is what its payers are told they will pay;
        the other communities keep the company-wide rate."""
        _community_b, building_b = self._create_community("Osmanthus Court", "OSC")
        contract_b = self._create_contract(
            unit=self._create_unit("0101", 90.0, self.owner, building=building_b)
        )
        self.env["property.fee.rate"].create(
            {
                "fee_type_id": self.fee_area.id,
                "community_id": self.community.id,
                "date_from": "2026-02-01",
                "rate": 3.0,
            }
        )
        vals = {
            vals["contract_id"]: vals["amount"]
            for vals in self.env["property.reminder"]._cycle_reminder_vals(
                date(2026, 1, 25)
            )
        }
        self.assertEqual(vals[self.contract.id], 300.0)
        self.assertEqual(vals[contract_b.id], 225.0)
