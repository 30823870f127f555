from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from odoo.addons.property_base.tools import with_server_flag

from .tools import (
    SERVER_WRITE,
    check_protected_fields,
    check_resident_attachments,
    resident_attachments_before,
)

AUDIENCES = [
    ("company", "Whole Company"),
    ("community", "Community"),
    ("building", "Buildings"),
    ("unit", "Listed Units"),
]

OCCUPANT_SCOPES = [
    ("all", "All Residents"),
    ("owner", "Owners"),
    ("tenant", "Tenants"),
]

# Who counts as a resident: payers of record who do not live in the unit
# (a company paying for its employee, say) are not told about the lift.
SCOPE_ROLES = {
    "all": ("owner", "tenant", "resident"),
    "owner": ("owner",),
    "tenant": ("tenant",),
}

OUTAGE_TYPES = [
    ("water", "Water"),
    ("power", "Power"),
    ("gas", "Gas"),
    ("lift", "Lift"),
    ("other", "Other"),
]

STATES = [
    ("draft", "Draft"),
    ("scheduled", "Scheduled"),
    ("published", "Published"),
    ("expired", "Expired"),
]

SMS_LENGTH = 140


class PropertyAnnouncement(models.Model):
    _name = "property.announcement"
    _description = "Announcement"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "pinned desc, date_publish desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    body = fields.Html(string="Text", required=True)
    sms_text = fields.Char(
        string="SMS Text",
        help="Short text sent by SMS. Empty: the title and the start of the text.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    community_id = fields.Many2one(
        "property.community",
        index=True,
        check_company=True,
        tracking=True,
        help="Empty only for a notice to the residents of the whole company.",
    )
    audience = fields.Selection(
        AUDIENCES, required=True, default="community", tracking=True
    )
    building_ids = fields.Many2many(
        "property.building",
        "property_announcement_building_rel",
        "announcement_id",
        "building_id",
        string="Buildings",
        check_company=True,
        domain="[('community_id', '=?', community_id)]",
    )
    unit_ids = fields.Many2many(
        "property.unit",
        "property_announcement_unit_rel",
        "announcement_id",
        "unit_id",
        string="Units",
        check_company=True,
        domain="[('community_id', '=?', community_id)]",
    )
    occupant_scope = fields.Selection(
        OCCUPANT_SCOPES,
        string="Residents",
        required=True,
        default="all",
        help="Owners, tenants or every resident of the chosen homes.",
    )
    kind = fields.Selection(
        [("notice", "Notice"), ("outage", "Outage")],
        required=True,
        default="notice",
    )
    outage_type = fields.Selection(OUTAGE_TYPES)
    outage_start = fields.Datetime(string="Outage From")
    outage_end = fields.Datetime(string="Outage Until")
    outage_building_ids = fields.Many2many(
        "property.building",
        "property_announcement_outage_building_rel",
        "announcement_id",
        "building_id",
        string="Affected Buildings",
        check_company=True,
        compute="_compute_outage_building_ids",
        store=True,
        readonly=False,
        domain="[('community_id', '=?', community_id)]",
    )
    channel_email = fields.Boolean(string="Email", default=True)
    channel_sms = fields.Boolean(string="SMS")
    is_important = fields.Boolean(
        string="Requires Acknowledgement",
        help="Residents confirm in the portal that they have read it; staff follow "
        "up those who have not.",
    )
    pinned = fields.Boolean(help="Shown first in the portal.")
    date_publish = fields.Datetime(
        string="Publish On",
        tracking=True,
        help="Empty: published as soon as you press Publish.",
    )
    date_expire = fields.Datetime(
        string="Expires On",
        tracking=True,
        help="After this moment residents no longer see it.",
    )
    state = fields.Selection(
        STATES, required=True, default="draft", tracking=True, index=True
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "property_announcement_attachment_rel",
        "announcement_id",
        "attachment_id",
        string="Attachments",
    )
    recipient_ids = fields.One2many(
        "property.announcement.recipient", "announcement_id", string="Recipients"
    )
    recipient_count = fields.Integer(compute="_compute_receipt_counts")
    read_count = fields.Integer(string="Read", compute="_compute_receipt_counts")
    unread_count = fields.Integer(string="Not Read", compute="_compute_receipt_counts")
    acknowledged_count = fields.Integer(
        string="Acknowledged", compute="_compute_receipt_counts"
    )
    read_rate = fields.Float(
        string="Read (%)", compute="_compute_receipt_counts", digits=(5, 1)
    )

    @api.depends("kind", "audience", "building_ids")
    def _compute_outage_building_ids(self):
        for announcement in self:
            if announcement.kind != "outage":
                announcement.outage_building_ids = False
            elif announcement.audience == "building":
                announcement.outage_building_ids = announcement.building_ids
            else:
                # Whole community or listed units: the buildings stay as chosen.
                announcement.outage_building_ids = announcement.outage_building_ids

    def _compute_receipt_counts(self):
        Recipient = self.env["property.announcement.recipient"]
        groups = Recipient._read_group(
            [("announcement_id", "in", self.ids)],
            ["announcement_id"],
            ["__count", "read_at:count", "acknowledged_at:count"],
        )
        counts = {
            announcement: (total, read, acknowledged)
            for announcement, total, read, acknowledged in groups
        }
        for announcement in self:
            total, read, acknowledged = counts.get(announcement, (0, 0, 0))
            announcement.recipient_count = total
            announcement.read_count = read
            announcement.unread_count = total - read
            announcement.acknowledged_count = acknowledged
            announcement.read_rate = read / total * 100 if total else 0.0

    def _compute_access_url(self):
        for announcement in self:
            announcement.access_url = f"/my/announcements/{announcement.id}"

    @api.constrains("audience", "community_id", "building_ids", "unit_ids")
    def _check_audience(self):
        for announcement in self:
            if announcement.audience != "company" and not announcement.community_id:
                raise ValidationError(
                    self.env._(
                        "Announcement %(name)s: choose the community it is for, or "
                        "address it to the whole company.",
                        name=announcement.name,
                    )
                )
            if announcement.audience == "building" and not announcement.building_ids:
                raise ValidationError(
                    self.env._(
                        "Announcement %(name)s: choose the buildings whose residents "
                        "receive it.",
                        name=announcement.name,
                    )
                )
            if announcement.audience == "unit" and not announcement.unit_ids:
                raise ValidationError(
                    self.env._(
                        "Announcement %(name)s: list the units whose residents "
                        "receive it.",
                        name=announcement.name,
                    )
                )
            community = announcement.community_id
            outside = (
                announcement.building_ids.community_id
                | announcement.unit_ids.community_id
            ) - community
            if community and outside:
                raise ValidationError(
                    self.env._(
                        "Announcement %(name)s: its buildings and units must belong "
                        "to %(community)s.",
                        name=announcement.name,
                        community=community.display_name,
                    )
                )

    @api.constrains("kind", "outage_type", "outage_start", "outage_end")
    def _check_outage(self):
        for announcement in self.filtered(lambda a: a.kind == "outage"):
            if not (
                announcement.outage_type
                and announcement.outage_start
                and announcement.outage_end
            ):
                raise ValidationError(
                    self.env._(
                        "Outage notice %(name)s: say what is cut off (water, "
                        "power...) and from when until when.",
                        name=announcement.name,
                    )
                )
            if announcement.outage_end <= announcement.outage_start:
                raise ValidationError(
                    self.env._(
                        "Outage notice %(name)s: the outage must end after it "
                        "starts. Correct the time window.",
                        name=announcement.name,
                    )
                )

    @api.constrains("date_publish", "date_expire")
    def _check_dates(self):
        for announcement in self:
            if (
                announcement.date_publish
                and announcement.date_expire
                and announcement.date_expire < announcement.date_publish
            ):
                raise ValidationError(
                    self.env._(
                        "Announcement %(name)s: it must expire after it is "
                        "published. Correct the expiry date.",
                        name=announcement.name,
                    )
                )

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind == "outage":
            self.is_important = True
            self.channel_sms = True

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                check_protected_fields(self, vals, ["state"], "create")
        announcements = super().create(vals_list)
        check_resident_attachments(announcements, "attachment_ids")
        return announcements

    def write(self, vals):
        check_protected_fields(self, vals, ["state"])
        before = resident_attachments_before(self, vals, "attachment_ids")
        result = super().write(vals)
        if before is not None:
            check_resident_attachments(self, "attachment_ids", before)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        if any(a.state in ("published", "expired") for a in self):
            raise UserError(
                self.env._(
                    "A published announcement is part of the record of what "
                    "residents were told and cannot be deleted. Let it expire "
                    "instead."
                )
            )

    def action_publish(self):
        """Publish now, or schedule for the publication date if in the future."""
        now = fields.Datetime.now()
        if any(a.state not in ("draft", "scheduled") for a in self):
            raise UserError(
                self.env._("Only draft or scheduled announcements can be published.")
            )
        if any(a.date_expire and a.date_expire <= now for a in self):
            raise UserError(
                self.env._(
                    "This announcement would already be expired. Move its expiry "
                    "date into the future first."
                )
            )
        later = self.filtered(lambda a: a.date_publish and a.date_publish > now)
        with_server_flag(later, SERVER_WRITE).write({"state": "scheduled"})
        (self - later)._publish()
        return True

    def action_draft(self):
        if any(a.state != "scheduled" for a in self):
            raise UserError(
                self.env._(
                    "Only a scheduled announcement can go back to draft; a "
                    "published one has already reached residents."
                )
            )
        with_server_flag(self, SERVER_WRITE).write({"state": "draft"})

    def action_expire(self):
        with_server_flag(self, SERVER_WRITE).filtered(
            lambda a: a.state == "published"
        ).write({"state": "expired", "date_expire": fields.Datetime.now()})

    def action_view_recipients(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_community.property_announcement_recipient_action"
        )
        action["domain"] = [("announcement_id", "=", self.id)]
        action["context"] = {"search_default_group_building": 1}
        return action

    def action_view_follow_up(self):
        """Who has not read (or, for an important notice, acknowledged) it."""
        action = self.action_view_recipients()
        field = "acknowledged_at" if self.is_important else "read_at"
        action["domain"] += [(field, "=", False)]
        action["display_name"] = self.env._("Follow-up: %(name)s", name=self.name)
        return action

    def _get_audience_occupancies(self, date=None):
        """Current occupancies of the announcement's audience (one search)."""
        self.ensure_one()
        Occupancy = self.env["property.occupancy"]
        domain = [
            ("company_id", "=", self.company_id.id),
            ("role", "in", SCOPE_ROLES[self.occupant_scope]),
            ("unit_id.active", "=", True),
            *Occupancy._domain_active_at(date or fields.Date.context_today(self)),
        ]
        if self.audience == "community":
            domain.append(("community_id", "=", self.community_id.id))
        elif self.audience == "building":
            domain.append(("building_id", "in", self.building_ids.ids))
        elif self.audience == "unit":
            domain.append(("unit_id", "in", self.unit_ids.ids))
        # sudo: the notice goes to its whole audience, whoever publishes it;
        # the record rules checked on save that it lies in the publisher's
        # communities, and _publish writes the announcement as them first.
        return Occupancy.sudo().search(domain, order="unit_id, date_start, id")

    def _get_audience_partners(self, date=None):
        """``{partner: unit}``: each resident once, with the first of their homes
        in the audience, then the proxy payers of those residents, with the
        home they pay for."""
        partners = {}
        occupancies = self._get_audience_occupancies(date)
        for occupancy in occupancies:
            partners.setdefault(occupancy.partner_id, occupancy.unit_id)
        # Who pays on a resident's behalf (a daughter for her mother) hears of
        # what happens at that home too, even with no home of their own there.
        for occupancy in occupancies:
            proxy = occupancy.partner_id.property_proxy_payer_id
            if proxy.active:
                partners.setdefault(proxy, occupancy.unit_id)
        return partners

    def _publish(self):
        """Bring the recipients up to date with today's audience and notify
        the new ones. Running it again adds and notifies only newcomers."""
        now = fields.Datetime.now()
        # sudo: receipts are written by the system only; each announcement is
        # written below as the publisher before its receipts are made.
        Recipient = self.env["property.announcement.recipient"].sudo()
        for announcement in self:
            vals = {"state": "published"}
            if not announcement.date_publish or announcement.date_publish > now:
                vals["date_publish"] = now
            with_server_flag(announcement, SERVER_WRITE).write(vals)
            # sudo: staff read the receipts of their own communities only.
            known = set(announcement.sudo().recipient_ids.partner_id.ids)
            audience = announcement._get_audience_partners()
            new_recipients = Recipient.create(
                [
                    {
                        "announcement_id": announcement.id,
                        "partner_id": partner.id,
                        "unit_id": unit.id,
                    }
                    for partner, unit in audience.items()
                    if partner.id not in known
                ]
            )
            new_recipients._notify()
        return True

    def _notification_channels(self):
        """The channels this announcement goes out by, besides the portal."""
        self.ensure_one()
        return [
            channel
            for channel, used in (
                ("email", self.channel_email),
                ("sms", self.channel_sms),
            )
            if used
        ]

    def _params(self):
        """The announcement's values by name, for the connectors' approved
        templates (an outage notice, say)."""
        self.ensure_one()
        return {
            "community": self.community_id.name or self.company_id.name,
            "title": self.name,
            "content": self._sms_body(),
        }

    def _sms_body(self):
        self.ensure_one()
        community = self.community_id.name or self.company_id.name
        text = self.sms_text or "{}: {}".format(
            self.name, html2plaintext(self.body or "").strip()
        )
        text = f"[{community}] {text}"
        if len(text) > SMS_LENGTH:
            text = text[: SMS_LENGTH - 1] + "…"
        return text

    @api.model
    def _cron_publish(self, batch_size=50):
        """Publish the announcements whose time has come, expire those whose
        time is over. Each batch is complete on its own."""
        now = fields.Datetime.now()
        self.search(
            [("state", "=", "published"), ("date_expire", "<=", now)]
        ).action_expire()
        due = self.search(
            [("state", "=", "scheduled"), ("date_publish", "<=", now)],
            order="date_publish, id",
        )
        for start in range(0, len(due), batch_size):
            due[start : start + batch_size]._publish()
            self.env["ir.cron"]._notify_progress(
                done=min(start + batch_size, len(due)),
                remaining=max(len(due) - start - batch_size, 0),
            )

    @api.model
    def _cron_refresh_audience(self, batch_size=50):
        """Daily: residents who moved in since publication receive the
        announcements that are still running."""
        now = fields.Datetime.now()
        running = self.search(
            [
                ("state", "=", "published"),
                "|",
                ("date_expire", "=", False),
                ("date_expire", ">", now),
            ]
        )
        for start in range(0, len(running), batch_size):
            running[start : start + batch_size]._publish()
