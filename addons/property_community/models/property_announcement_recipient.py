from odoo import fields, models

from .tools import send_template_to_partners

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

    def _pick_channel(self):
        self.ensure_one()
        announcement, partner = self.announcement_id, self.partner_id
        options = []
        if announcement.channel_email and partner.email:
            options.append("email")
        if announcement.channel_sms and (partner.mobile or partner.phone):
            options.append("sms")
        if partner.property_contact_channel in options:
            return partner.property_contact_channel
        return options[0] if options else "portal"

    def _notify(self):
        """Tell each recipient once, by one channel."""
        now = fields.Datetime.now()
        todo = self.filtered(lambda r: not r.notified_at)
        channels = {recipient: recipient._pick_channel() for recipient in todo}
        template = self.env.ref(
            "property_community.mail_template_announcement", raise_if_not_found=False
        )
        for announcement, recipients in todo.grouped("announcement_id").items():
            by_email = recipients.filtered(lambda r: channels[r] == "email")
            if by_email and template:
                send_template_to_partners(template, announcement, by_email.partner_id)
            by_sms = recipients.filtered(lambda r: channels[r] == "sms")
            if by_sms:
                body = announcement._sms_body()
                # sudo: the publisher wrote the announcement before its receipts
                # were made (_publish); queued SMS are technical records.
                self.env["sms.sms"].sudo().create(
                    [
                        {
                            "number": r.partner_id.mobile or r.partner_id.phone,
                            "partner_id": r.partner_id.id,
                            "body": body,
                        }
                        for r in by_sms
                    ]
                )
        for channel in set(channels.values()):
            todo.filtered(lambda r, c=channel: channels[r] == c).write(
                {"channel": channel, "notified_at": now}
            )

    def _mark_read(self, acknowledge=False):
        now = fields.Datetime.now()
        self.filtered(lambda r: not r.read_at).write({"read_at": now})
        if acknowledge:
            self.filtered(lambda r: not r.acknowledged_at).write(
                {"acknowledged_at": now}
            )
