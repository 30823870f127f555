import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..exceptions import ChannelRefused
from ..tools import insert_rows
from .res_partner import CONTACT_CHANNELS

_logger = logging.getLogger(__name__)

# Tried in this order after the resident's preferred channel. Paper and phone
# always work: staff hand the notice over or call, so nothing is lost.
FALLBACK_ORDER = ["email", "sms", "wechat", "paper", "phone"]
# Channels staff deliver by hand, from the list of notices to deliver: they
# always reach the resident, so nothing is lost.
BY_HAND = {"paper", "phone"}
MAX_ATTEMPTS = 3
BATCH_SIZE = 200


class PropertyNotification(models.Model):
    """One message to one resident, about one record, sent by the resident's
    preferred channel or the next one that can reach them.

    A channel is a pair of methods, ``_check_<channel>`` (why it cannot reach
    this resident, or None) and ``_send_by_<channel>`` (send one message, or
    raise): a connector module adds a channel by adding the pair, its
    selection value and, if it is not in ``FALLBACK_ORDER``, overriding
    ``_channel_order``. Paper and phone notices are listed for staff."""

    _name = "property.notification"
    _description = "Message to a Resident"
    _order = "id desc"
    _rec_name = "subject"

    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    res_model = fields.Char(string="About Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="About", model_field="res_model", required=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    community_id = fields.Many2one(
        "property.community", index="btree_not_null", readonly=True
    )
    kind = fields.Char(
        string="Message Type",
        readonly=True,
        help="What the message is (a reminder stage, a dunning level...): SMS and "
        "WeChat connectors map each type to an approved template.",
    )
    params = fields.Json(
        string="Parameters",
        readonly=True,
        help="The message's values by name (payer, unit, amount, due date...): what "
        "template-based channels (approved SMS templates, WeChat template messages) "
        "fill in.",
    )
    subject = fields.Char(readonly=True)
    email_from = fields.Char(readonly=True)
    body_html = fields.Html(string="Email Body", readonly=True, sanitize=False)
    body_text = fields.Text(
        string="Text", readonly=True, help="The short text of SMS, WeChat and notices."
    )
    channels = fields.Char(
        string="Allowed Channels",
        readonly=True,
        help="Comma-separated channels this message may use; all when empty.",
    )
    log_on_record = fields.Boolean(
        default=True,
        readonly=True,
        help="Sent through the chatter of the record it is about, and noted "
        "there; otherwise sent directly (an announcement's receipts are its log).",
    )
    channel = fields.Selection(
        CONTACT_CHANNELS, string="Sent By", readonly=True, copy=False
    )
    state = fields.Selection(
        [
            ("pending", "To Send"),
            ("sent", "Sent"),
            ("to_deliver", "To Deliver by Hand"),
            ("delivered", "Delivered by Hand"),
            ("withdrawn", "Withdrawn"),
            ("failed", "Failed"),
        ],
        required=True,
        default="pending",
        index=True,
        readonly=True,
        copy=False,
    )
    attempt_count = fields.Integer(string="Attempts", readonly=True, copy=False)
    next_attempt = fields.Datetime(readonly=True, copy=False)
    last_error = fields.Text(string="Why Not Sent", readonly=True, copy=False)
    refused_channels = fields.Char(
        readonly=True,
        copy=False,
        help="Comma-separated channels that refused this resident for good "
        "(e.g. they unfollowed the WeChat account): not tried again for this "
        "message.",
    )
    sent_date = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # The service
    # ------------------------------------------------------------------
    @api.model
    def _notify(self, messages, send=True):
        """Queue ``messages`` and send them now unless ``send`` is false (the
        scheduled job sends them). Return the notifications, in their order.

        Each message is a dict with the keys ``record`` (what it is about) and
        ``partner`` (to whom), both required, and ``subject``, ``body_html``
        and ``email_from`` (email), ``body_text`` (SMS, WeChat, notices),
        ``kind`` (the type of message, for connectors' templates) and
        ``params`` (its values by name, which those templates fill in),
        ``community``, ``company``, ``channels`` (the channels it may use,
        all by default) and ``log`` (false to send without the record's
        chatter). Whoever notifies must be allowed to write the records."""
        records = [message["record"] for message in messages]
        for model, ids in self._ids_by_model(records).items():
            self.env[model].browse(ids).check_access("write")
        vals_list = [
            {
                "partner_id": message["partner"].id,
                "res_model": message["record"]._name,
                "res_id": message["record"].id,
                "company_id": (
                    message.get("company") or self._company_of(message["record"])
                ).id,
                "community_id": message.get(
                    "community", self.env["property.community"]
                ).id,
                "kind": message.get("kind"),
                "params": message.get("params") or {},
                "subject": message.get("subject"),
                "email_from": message.get("email_from"),
                "body_html": message.get("body_html"),
                "body_text": message.get("body_text"),
                "channels": ",".join(message.get("channels") or ()),
                "log_on_record": message.get("log", True),
            }
            for message in messages
        ]
        listed = defaultdict(list)  # channel: indexes of messages listed at once
        if send:
            # A message to a resident who wants it by hand goes on the list of
            # notices to deliver whatever else happens (``BY_HAND``): created
            # listed, rather than created then updated by ``_send``.
            now = fields.Datetime.now()
            for index, (message, vals) in enumerate(
                zip(messages, vals_list, strict=True)
            ):
                if channel := self._by_hand_at_once(message):
                    vals.update(channel=channel, state="to_deliver", sent_date=now)
                    listed[channel].append(index)
        # sudo: the caller may write the records the messages are about
        # (checked above); the messages are the suite's log, read-only to staff.
        notifications = insert_rows(self.sudo(), vals_list).with_env(self.env)
        ids = notifications.ids
        for channel, indexes in listed.items():
            self.browse([ids[index] for index in indexes])._note_to_deliver(channel)
        if send:
            notifications._send()
        return notifications

    @api.model
    def _by_hand_at_once(self, message):
        """The channel by hand (paper, phone) that ``message``, as given to
        ``_notify``, goes by at once: its resident's preferred one, when the
        message may use it. Channels by hand always reach the resident and
        the preferred channel is tried first (``_channel_order``), so this is
        the channel ``_send`` would pick."""
        preferred = message["partner"].property_contact_channel
        if preferred not in BY_HAND:
            return None
        allowed = message.get("channels")
        if allowed and preferred not in allowed:
            return None
        return preferred

    @api.model
    def _ids_by_model(self, records):
        ids_by_model = {}
        for record in records:
            ids_by_model.setdefault(record._name, []).extend(record.ids)
        return ids_by_model

    @api.model
    def _company_of(self, record):
        if "company_id" in record._fields and record.company_id:
            return record.company_id
        return self.env.company

    def _channel_order(self):
        """The channels to try for this message, the preferred one first."""
        self.ensure_one()
        preferred = self.partner_id.property_contact_channel
        order = [preferred] if preferred else []
        order += [channel for channel in FALLBACK_ORDER if channel != preferred]
        if self.channels:
            allowed = self.channels.split(",")
            order = [channel for channel in order if channel in allowed]
        if self.refused_channels:
            refused = self.refused_channels.split(",")
            order = [channel for channel in order if channel not in refused]
        return order

    def _send(self):
        """Send each message by the first channel that can reach its resident;
        a channel that fails is tried again later, up to ``MAX_ATTEMPTS``,
        and one that refuses the resident for good (``ChannelRefused``) is
        dropped for the message, which goes by the next channel at once.
        Messages staff deliver by hand are listed for them at once, in a
        few queries whatever their number. The channels act as the current
        user, who must be allowed to write the records the messages are
        about."""
        pending = self.filtered(lambda n: n.state == "pending")
        if not self.env.su:
            pending._check_record_access()
        by_channel = defaultdict(list)
        for notification in pending:
            channel, reasons = notification._pick_channel()
            if channel:
                by_channel[channel].append(notification.id)
            else:
                # With every channel refused, the last refusal says why.
                notification._give_up(" ".join(reasons) or notification.last_error)
        refused = self.browse()
        for channel, ids in by_channel.items():
            notifications = self.browse(ids)
            if channel in BY_HAND:
                notifications._list_to_deliver(channel)
                continue
            for notification in notifications:
                try:
                    with self.env.cr.savepoint():
                        getattr(notification, f"_send_by_{channel}")()
                except ChannelRefused as error:
                    notification._record_refusal(channel, error)
                    refused |= notification
                except Exception as error:  # noqa: BLE001 - retried, then reported
                    notification._record_failure(channel, error)
                else:
                    notification._write_state(
                        {
                            "channel": channel,
                            "state": "sent",
                            "sent_date": fields.Datetime.now(),
                            "last_error": False,
                        }
                    )
        # Each refusal removes a channel, so this ends.
        if refused:
            refused._send()

    def _pick_channel(self):
        """The first channel that can reach the resident, and why the
        channels before it cannot."""
        self.ensure_one()
        reasons = []
        for channel in self._channel_order():
            reason = getattr(self, f"_check_{channel}")()
            if not reason:
                return channel, reasons
            reasons.append(reason)
        return None, reasons

    @api.model
    def _can_reach(self, message):
        """Whether ``message`` (as given to ``_notify``) would reach its
        resident by one of its channels, without sending anything."""
        probe = self.new(
            {
                "partner_id": message["partner"].id,
                "body_html": message.get("body_html"),
                "body_text": message.get("body_text"),
                "channels": ",".join(message.get("channels") or ()),
            }
        )
        return bool(probe._pick_channel()[0])

    @api.model
    def _may_email(self, partner):
        """Whether an e-mail may reach ``partner``: rendering an e-mail costs
        more than all the rest of a message, so runs render them only for
        these payers (those who want notices by hand get those)."""
        return bool(partner.email) and partner.property_contact_channel not in BY_HAND

    def _list_to_deliver(self, channel):
        """Put these messages on the list of notices staff deliver by
        ``channel`` (paper or phone), with a note on each record."""
        self._write_state(
            {
                "channel": channel,
                "state": "to_deliver",
                "sent_date": fields.Datetime.now(),
                "last_error": False,
            }
        )
        self._note_to_deliver(channel)

    def _note_to_deliver(self, channel):
        """Note on each record that these messages are on the list of notices
        to deliver by ``channel``."""
        label = dict(self._fields["channel"]._description_selection(self.env))[channel]
        logged = self.filtered("log_on_record")
        for model, notifications in logged.grouped("res_model").items():
            records = self.env[model].browse(notifications.mapped("res_id"))
            if not hasattr(records, "_message_log_batch"):
                continue
            bodies = defaultdict(list)
            for notification in notifications:
                bodies[notification.res_id].append(
                    self.env._(
                        "“%(subject)s” for %(resident)s is on the list of notices "
                        "to deliver (%(channel)s).",
                        subject=notification.subject or notification.kind or "",
                        resident=notification.partner_id.display_name,
                        channel=label,
                    )
                )
            # The user may write the records (checked in ``_send``).
            records._message_log_batch(
                bodies={res_id: " ".join(texts) for res_id, texts in bodies.items()}
            )

    def _write_state(self, values):
        # sudo: only ``_send`` and the actions below change a message's state,
        # after checking that the user may write the record it is about.
        self.sudo().write(values)

    def _record_failure(self, channel, error):
        self.ensure_one()
        attempts = self.attempt_count + 1
        message = str(error) if isinstance(error, UserError) else repr(error)
        _logger.info(
            "Notification %s not sent by %s (attempt %s): %s",
            self.id,
            channel,
            attempts,
            message,
        )
        self._write_state({"attempt_count": attempts, "channel": channel})
        if attempts >= MAX_ATTEMPTS:
            self._give_up(message)
        else:
            self._write_state(
                {
                    "last_error": message,
                    "next_attempt": fields.Datetime.now()
                    + relativedelta(hours=attempts),
                }
            )

    def _record_refusal(self, channel, error):
        """``channel`` will not reach the resident for this message: note it,
        without counting an attempt, so that the next channel is used."""
        self.ensure_one()
        _logger.info(
            "Notification %s refused for good by %s: %s", self.id, channel, error
        )
        refused = [c for c in (self.refused_channels or "").split(",") if c]
        self._write_state(
            {
                "refused_channels": ",".join([*refused, channel]),
                "last_error": str(error),
            }
        )

    def _give_up(self, reason):
        self.ensure_one()
        self._write_state({"state": "failed", "last_error": reason})
        record = self._record()
        if hasattr(record, "message_post"):
            record.message_post(
                body=self.env._(
                    "The message “%(subject)s” to %(resident)s could not be sent: "
                    "%(reason)s Please contact them another way.",
                    subject=self.subject or self.kind or "",
                    resident=self.partner_id.display_name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _record(self):
        self.ensure_one()
        return self.env[self.res_model].browse(self.res_id).exists()

    def _check_record_access(self):
        for model, notifications in self.grouped("res_model").items():
            self.env[model].browse(notifications.mapped("res_id")).check_access("write")

    def action_retry(self):
        failed = self.filtered(lambda n: n.state == "failed")
        failed._check_record_access()
        failed._write_state(
            {
                "state": "pending",
                "attempt_count": 0,
                "next_attempt": False,
                "refused_channels": False,
            }
        )
        failed._send()

    def action_mark_delivered(self):
        to_deliver = self.filtered(lambda n: n.state == "to_deliver")
        to_deliver._check_record_access()
        to_deliver._write_state({"state": "delivered"})

    @api.model
    def _cron_send(self, batch_size=BATCH_SIZE):
        """Send the messages due, a batch at a time; two workers never send
        the same one (the rows are locked, others skipped)."""
        self.flush_model(["state", "next_attempt"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM property_notification
                 WHERE state = 'pending'
                   AND (next_attempt IS NULL OR next_attempt <= %s)
                 ORDER BY id
                 LIMIT %s
                   FOR UPDATE SKIP LOCKED
                """,
                fields.Datetime.now(),
                batch_size,
            )
        )
        notifications = self.browse([row[0] for row in self.env.cr.fetchall()])
        notifications._send()
        remaining = self.search_count(
            [
                ("state", "=", "pending"),
                "|",
                ("next_attempt", "=", False),
                ("next_attempt", "<=", fields.Datetime.now()),
            ]
        )
        self.env["ir.cron"]._notify_progress(
            done=len(notifications), remaining=remaining
        )

    # ------------------------------------------------------------------
    # Channels
    # ------------------------------------------------------------------
    def _check_email(self):
        if not self.partner_id.email:
            return self.env._(
                "%(resident)s has no email address.",
                resident=self.partner_id.display_name,
            )
        if not self.body_html:
            return self.env._("The message has no email text.")
        return None

    def _send_by_email(self):
        record = self._record()
        if self.log_on_record and hasattr(record, "message_post"):
            record.message_post(
                subject=self.subject,
                body=self.body_html,
                partner_ids=self.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
        else:
            # sudo: the user may write the record (checked in ``_send``); queued
            # mails are technical records only administrators read.
            self.env["mail.mail"].sudo().create(
                {
                    "subject": self.subject,
                    "body_html": self.body_html,
                    "email_from": self.email_from or False,
                    "recipient_ids": [fields.Command.link(self.partner_id.id)],
                    "auto_delete": True,
                }
            )

    def _check_sms(self):
        if not (self.partner_id.mobile or self.partner_id.phone):
            return self.env._(
                "%(resident)s has no mobile number.",
                resident=self.partner_id.display_name,
            )
        if not self.body_text:
            return self.env._("The message has no SMS text.")
        return None

    def _send_by_sms(self):
        record = self._record()
        if self.log_on_record and hasattr(record, "_message_sms"):
            record._message_sms(
                self.body_text,
                partner_ids=self.partner_id.ids,
                put_in_queue=True,
                **self._sms_post_values(),
            )
        else:
            # sudo: the user may write the record (checked in ``_send``); queued
            # SMS are technical records only administrators read.
            self.env["sms.sms"].sudo().create(
                {
                    "number": self.partner_id.mobile or self.partner_id.phone,
                    "partner_id": self.partner_id.id,
                    "body": self.body_text,
                    **self._sms_values(),
                }
            )

    def _sms_post_values(self):
        """What an SMS gateway module adds to ``_message_sms`` (its template
        and parameters, say)."""
        return {}

    def _sms_values(self):
        """What an SMS gateway module adds to the ``sms.sms`` it queues."""
        return {}

    def _check_wechat(self):
        # A WeChat connector module overrides this and ``_send_by_wechat``.
        return self.env._("No WeChat connector is installed.")

    def _send_by_wechat(self):
        raise UserError(self.env._("No WeChat connector is installed."))

    def _check_paper(self):
        return None

    def _check_phone(self):
        return None
