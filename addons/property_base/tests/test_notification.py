from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError

from odoo.addons.property_base.exceptions import ChannelRefused
from odoo.addons.property_base.models.property_notification import (
    PropertyNotification,
)
from odoo.addons.property_base.tools import rows

from .common import PropertyCase


class TestNotification(PropertyCase):
    """One way to reach a resident: the preferred channel, else the next one
    that can reach them; logged on the record, retried, failures visible."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls.resident_a.partner_id
        cls.resident.write(
            {"email": "li.na@example.com", "mobile": "+86 138 0013 8000"}
        )
        cls.Notification = cls.env["property.notification"]

    def _notify(self, partner=None, record=None, send=True, **message):
        record = record or self.unit_x1
        message = {
            "partner": partner or self.resident,
            "subject": "物业费提醒",
            "body_html": "<p>您好，本期物业费将于月底到期。</p>",
            "body_text": "您好，本期物业费将于月底到期。",
            "kind": "reminder_due",
            "community": record.community_id,
            **message,
        }
        return self.Notification._notify([{"record": record, **message}], send=send)

    def test_preferred_channel_first(self):
        self.resident.property_contact_channel = "email"
        notification = self._notify()
        self.assertEqual(notification.state, "sent")
        self.assertEqual(notification.channel, "email")
        message = self.unit_x1.message_ids.filtered(lambda m: m.subject == "物业费提醒")
        self.assertEqual(message.partner_ids, self.resident)

        self.resident.property_contact_channel = "sms"
        notification = self._notify()
        self.assertEqual(notification.channel, "sms")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.resident.id)])
        self.assertEqual(sms.body, "您好，本期物业费将于月底到期。")

    def test_falls_back_to_the_next_channel_that_reaches(self):
        self.resident.property_contact_channel = "wechat"  # no connector
        self.assertEqual(self._notify().channel, "email")
        self.resident.email = False
        self.assertEqual(self._notify().channel, "sms")
        self.resident.mobile = False
        notification = self._notify()
        self.assertEqual(notification.channel, "paper")
        self.assertEqual(notification.state, "to_deliver")
        self.assertIn("list of notices to deliver", self.unit_x1.message_ids[0].body)
        notification.action_mark_delivered()
        self.assertEqual(notification.state, "delivered")

    def test_notices_by_hand_are_created_listed(self):
        """A resident who wants notices by hand gets them listed at once: the
        notification is created on the list, not created then written, and
        the record's note is kept; a batch mixing channels sends the rest."""
        self.resident.property_contact_channel = "phone"
        emailed = self.resident_b.partner_id
        emailed.write(
            {"email": "wang.wei@example.com", "property_contact_channel": "email"}
        )
        message = {
            "subject": "催缴通知",
            "body_html": "<p>物业费已逾期。</p>",
            "body_text": "物业费已逾期。",
            "kind": "dunning",
        }
        Notification = type(self.Notification)
        with patch.object(
            Notification,
            "_write_state",
            autospec=True,
            side_effect=Notification._write_state,
        ) as write_state:
            notifications = self.Notification._notify(
                [
                    {"record": self.unit_x1, "partner": self.resident, **message},
                    {"record": self.unit_y1, "partner": emailed, **message},
                    {
                        "record": self.unit_x1,
                        "partner": self.resident,
                        "log": False,
                        **message,
                    },
                    # Not by hand when the message may not go that way.
                    {
                        "record": self.unit_x1,
                        "partner": self.resident,
                        "channels": ["sms"],
                        **message,
                    },
                ]
            )
        self.assertEqual(
            [(n.state, n.channel) for n in notifications],
            [
                ("to_deliver", "phone"),
                ("sent", "email"),
                ("to_deliver", "phone"),
                ("sent", "sms"),
            ],
        )
        self.assertTrue(all(notifications.mapped("sent_date")))
        # Only the messages sent were written after their creation.
        written = self.Notification.browse(
            [call.args[0].id for call in write_state.call_args_list]
        )
        self.assertEqual(written, notifications[1] | notifications[3])
        notes = self.unit_x1.message_ids.filtered(
            lambda m: "list of notices to deliver" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)  # the message logged on its record only
        self.assertIn("催缴通知", notes.body)
        # Queued for the scheduler: listed by it, as before.
        queued = self._notify(send=False)
        self.assertEqual((queued.state, queued.channel), ("pending", False))
        self.Notification._cron_send()
        self.assertEqual((queued.state, queued.channel), ("to_deliver", "phone"))

    def test_messages_are_written_in_one_copy(self):
        """However many messages, their notifications are written at once
        (``insert_rows``), listed by hand at once."""
        self.resident.property_contact_channel = "paper"
        messages = [
            {"record": self.unit_x1, "partner": self.resident, "body_text": "通知"}
        ] * 3
        copy_rows = rows._copy_rows
        copied = []

        def spy(model, fields, vals_list):
            copied.append(len(vals_list))
            return copy_rows(model, fields, vals_list)

        with patch.object(rows, "_copy_rows", spy):
            notifications = self.Notification._notify(messages)
        self.assertEqual(copied, [3])
        self.assertEqual(notifications.mapped("state"), ["to_deliver"] * 3)
        self.assertEqual(notifications.mapped("body_text"), ["通知"] * 3)

    def test_only_allowed_channels_and_a_visible_failure(self):
        self.resident.write({"email": False, "mobile": False})
        notification = self._notify(channels=["email", "sms"])
        self.assertEqual(notification.state, "failed")
        self.assertIn("has no email address", notification.last_error)
        self.assertIn("has no mobile number", notification.last_error)
        self.assertIn("could not be sent", self.unit_x1.message_ids[0].body)

    def test_a_channel_that_fails_is_retried_then_reported(self):
        self.resident.property_contact_channel = "email"
        with patch.object(
            PropertyNotification,
            "_send_by_email",
            side_effect=UserError("邮件服务器无响应"),
        ):
            notification = self._notify()
            self.assertEqual(notification.state, "pending")
            self.assertEqual(notification.attempt_count, 1)
            self.assertEqual(notification.last_error, "邮件服务器无响应")
            self.assertTrue(notification.next_attempt)
            # Not due yet: the scheduled job leaves it.
            self.Notification._cron_send()
            self.assertEqual(notification.attempt_count, 1)
            later = fields.Datetime.now() + timedelta(hours=5)
            for _attempt in range(2):
                with freeze_time(later):
                    self.Notification._cron_send()
                later += timedelta(hours=5)
        self.assertEqual(notification.state, "failed")
        self.assertEqual(notification.attempt_count, 3)
        self.assertIn("邮件服务器无响应", self.unit_x1.message_ids[0].body)

        notification.action_retry()
        self.assertEqual(notification.state, "sent")
        self.assertEqual(notification.attempt_count, 0)

    def test_a_channel_refusing_for_good_falls_to_the_next_at_once(self):
        self.resident.property_contact_channel = "email"
        Notification = type(self.env["property.notification"])
        with patch.object(
            Notification,
            "_send_by_email",
            side_effect=ChannelRefused("该住户已拒收"),
            autospec=True,
        ) as send_by_email:
            notification = self._notify()
            self.assertEqual(send_by_email.call_count, 1)
            self.assertEqual(notification.state, "sent")
            self.assertEqual(notification.channel, "sms")
            self.assertEqual(notification.attempt_count, 0)
            self.assertFalse(notification.next_attempt)
            self.assertEqual(notification.refused_channels, "email")
            # Never retried by that channel for this message.
            notification.sudo().state = "pending"
            notification._send()
            self.assertEqual(send_by_email.call_count, 1)
            self.assertEqual(notification.channel, "sms")

    def test_every_channel_refusing_ends_by_hand(self):
        self.resident.property_contact_channel = "email"
        Notification = type(self.env["property.notification"])
        with (
            patch.object(
                Notification, "_send_by_email", side_effect=ChannelRefused("拒收")
            ),
            patch.object(
                Notification, "_send_by_sms", side_effect=ChannelRefused("空号")
            ),
        ):
            notification = self._notify(channels=["email", "sms"])
        self.assertEqual(notification.state, "failed")
        self.assertEqual(notification.refused_channels, "email,sms")
        self.assertEqual(notification.attempt_count, 0)
        # The last refusal is the reason given to staff.
        self.assertEqual(notification.last_error, "空号")
        self.assertIn("could not be sent: 空号", self.unit_x1.message_ids[0].body)
        notification.action_retry()
        self.assertFalse(notification.refused_channels)
        self.assertEqual(notification.state, "sent")

    def test_a_connector_adds_a_channel_in_one_place(self):
        self.resident.property_contact_channel = "wechat"
        sent = []
        # The registry's class: a connector module installed may override them.
        Notification = type(self.env["property.notification"])
        with (
            patch.object(Notification, "_check_wechat", lambda self: None, create=True),
            patch.object(
                Notification,
                "_send_by_wechat",
                lambda self: sent.append(self.body_text),
            ),
        ):
            notification = self._notify()
        self.assertEqual(notification.channel, "wechat")
        self.assertEqual(sent, ["您好，本期物业费将于月底到期。"])

    def test_queued_messages_go_out_in_batches(self):
        self.resident.property_contact_channel = "sms"
        queued = self._notify(send=False) | self._notify(send=False)
        self.assertEqual(set(queued.mapped("state")), {"pending"})
        self.Notification._cron_send(batch_size=1)
        self.assertEqual(sorted(queued.mapped("state")), ["pending", "sent"])
        self.Notification._cron_send(batch_size=1)
        self.assertEqual(set(queued.mapped("state")), {"sent"})

    def test_who_sees_and_who_sends(self):
        mine = self._notify()
        other = self._notify(
            partner=self.resident_b.partner_id, record=self.unit_y1, send=False
        )
        Staff = self.Notification.with_user(self.staff_x)
        self.assertEqual(Staff.search([("id", "in", (mine | other).ids)]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.staff_x).read(["body_text"])
        with self.assertRaises(AccessError):
            mine.with_user(self.staff_x).write({"state": "delivered"})
        with self.assertRaises(AccessError):
            self.Notification.with_user(self.resident_a).search([])
        with self.assertRaises(AccessError):
            self.Notification.with_user(self.staff_x)._notify(
                [{"record": self.unit_y1, "partner": self.resident}]
            )
        # Staff send about the records of their community.
        sent = Staff._notify(
            [
                {
                    "record": self.unit_x1,
                    "partner": self.resident,
                    "subject": "停水通知",
                    "body_text": "明日停水",
                    "community": self.community_x,
                    "channels": ["sms"],
                }
            ]
        )
        self.assertEqual(sent.state, "sent")
        self.assertEqual(
            self.Notification.with_user(self.manager).search_count(
                [("id", "in", (mine | other | sent).ids)]
            ),
            3,
        )

    def test_sent_without_the_records_chatter(self):
        """An announcement's receipts are its log: its messages go straight to
        the mail and SMS queues, nothing is posted on it."""
        self.resident.property_contact_channel = "email"
        before = len(self.unit_x1.message_ids)
        notification = self._notify(log=False, email_from="物业 <pm@example.com>")
        self.assertEqual(notification.state, "sent")
        self.assertEqual(len(self.unit_x1.message_ids), before)
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.resident.ids)]
        )
        self.assertEqual(mail.subject, "物业费提醒")
        self.assertEqual(mail.email_from, "物业 <pm@example.com>")

    def test_can_reach_sends_nothing(self):
        message = {
            "record": self.unit_x1,
            "partner": self.resident,
            "body_text": "明日停水",
            "channels": ["email", "sms"],
        }
        Notification = self.Notification
        self.assertTrue(Notification._can_reach(message))  # by SMS
        self.resident.mobile = False
        self.assertFalse(Notification._can_reach(message), "no email text")
        self.assertTrue(Notification._can_reach({**message, "body_html": "<p>x</p>"}))
        self.assertFalse(Notification.search([("partner_id", "=", self.resident.id)]))
