from odoo import fields, models

from .tools import render_template_by_lang

CHANNELS = [
    ("portal", "Portal Only"),
    ("email", "Email"),
    ("sms", "SMS"),
]


class PropertyAnnouncementRecipient(models.Model):
    _name = "property.announcement.recipient"
    _description = "Announcement Recipient"
    _order = "announcement_id, building_id, unit_id, id"
    _rec_name = "partner_id"

    announcement_id = fields.Many2one(
        "property.announcement", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Resident", required=True, index=True
    )
    unit_id = fields.Many2one("property.unit", index=True)
    building_id = fields.Many2one(related="unit_id.building_id", store=True)
    community_id = fields.Many2one(
        related="unit_id.community_id", store=True, index=True
    )
    company_id = fields.Many2one(
        related="announcement_id.company_id", store=True, index=True
    )
    phone = fields.Char(related="partner_id.phone")
    mobile = fields.Char(related="partner_id.mobile")
    is_elderly = fields.Boolean(related="partner_id.property_is_elderly")
    channel = fields.Selection(
        CHANNELS,
        string="Sent By",
        readonly=True,
        help="Each resident is told once, by their preferred channel when the "
        "announcement uses it, otherwise by email or SMS, otherwise in the portal "
        "only.",
    )
    notified_at = fields.Datetime(readonly=True)
    read_at = fields.Datetime(string="Read On", readonly=True)
    acknowledged_at = fields.Datetime(string="Acknowledged On", readonly=True)
    is_read = fields.Boolean(string="Read", compute="_compute_is_read")

    _sql_constraints = [
        (
            "announcement_partner_uniq",
            "unique(announcement_id, partner_id)",
            "A resident receives an announcement once.",
        ),
    ]

    def _compute_is_read(self):
        for recipient in self:
            recipient.is_read = bool(recipient.read_at)

    def _notify(self):
        """Tell each recipient once, through the notification service: by
        their preferred channel when the announcement uses it, else by the
        other; in the portal only when neither reaches them. The receipts are
        the log, so nothing is posted on the announcement per resident."""
        now = fields.Datetime.now()
        todo = self.filtered(lambda r: not r.notified_at)
        Notification = self.env["property.notification"]
        template = self.env.ref(
            "property_community.mail_template_announcement", raise_if_not_found=False
        )
        messages, reached = [], self.browse()
        for announcement, recipients in todo.grouped("announcement_id").items():
            channels = announcement._notification_channels()
            if not channels:
                continue
            emails = (
                render_template_by_lang(
                    template, announcement, set(recipients.partner_id.mapped("lang"))
                )
                if template and "email" in channels
                else {}
            )
            sms = announcement._sms_body() if "sms" in channels else False
            params = announcement._params()
            for recipient in recipients:
                partner = recipient.partner_id
                subject, body, email_from = emails.get(
                    partner.lang or self.env.lang, (False, False, False)
                )
                message = {
                    "record": announcement,
                    "partner": partner,
                    "community": announcement.community_id,
                    "company": announcement.company_id,
                    "kind": f"announcement_{announcement.kind}",
                    "subject": subject,
                    "body_html": body,
                    "email_from": email_from,
                    "body_text": sms,
                    "params": params,
                    "channels": channels,
                    "log": False,
                }
                if Notification._can_reach(message):
                    messages.append(message)
                    reached |= recipient
        notifications = Notification._notify(messages)
        channels = dict(zip(reached, notifications.mapped("channel"), strict=True))
        for channel in set(channels.values()) | {"portal"}:
            todo.filtered(lambda r, c=channel: channels.get(r, "portal") == c).write(
                {"channel": channel, "notified_at": now}
            )

    def _mark_read(self, acknowledge=False):
        now = fields.Datetime.now()
        self.filtered(lambda r: not r.read_at).write({"read_at": now})
        if acknowledge:
            self.filtered(lambda r: not r.acknowledged_at).write(
                {"acknowledged_at": now}
            )
