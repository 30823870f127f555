from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

CONTACT_CHANNELS = [
    ("sms", "SMS"),
    ("email", "Email"),
    ("wechat", "WeChat"),
    ("phone", "Phone Call"),
    ("paper", "Paper Notice"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    property_occupancy_ids = fields.One2many(
        "property.occupancy",
        "partner_id",
        string="Occupancies",
        groups="property_base.group_property_user",
    )
    property_unit_ids = fields.Many2many(
        "property.unit",
        string="Current Units",
        compute="_compute_property_unit_ids",
        groups="property_base.group_property_user",
    )
    property_unit_count = fields.Integer(
        compute="_compute_property_unit_ids",
        groups="property_base.group_property_user",
    )
    property_contact_channel = fields.Selection(
        CONTACT_CHANNELS,
        string="Preferred Channel",
        default="sms",
        help="How the property company reaches this person for notices and reminders.",
    )
    property_is_elderly = fields.Boolean(
        string="Elderly or Assisted",
        help="Needs extra care: counter visits, phone calls or paper notices "
        "rather than online channels.",
    )
    # Sensitive personal information (PIPL): managers only, never the
    # generic Reference field that every internal user reads.
    property_id_number = fields.Char(
        string="ID Number",
        copy=False,
        groups="property_base.group_property_manager",
        help="The resident's identity card number (居民身份证号码), e.g. for a "
        "court filing; only property managers see it.",
    )
    # The proxy payer sees the bills of the people they pay for: only property
    # staff may set it, between occupants of their own communities.
    property_proxy_payer_id = fields.Many2one(
        "res.partner",
        string="Proxy Payer",
        index="btree_not_null",
        groups="property_base.group_property_user",
        help="Pays on this person's behalf, e.g. a son or daughter paying for "
        "an elderly parent. Both must occupy or have occupied a unit of your "
        "communities.",
    )
    property_proxied_partner_ids = fields.One2many(
        "res.partner",
        "property_proxy_payer_id",
        string="Pays For",
        readonly=True,
        groups="property_base.group_property_user",
    )

    @api.depends("property_occupancy_ids.date_start", "property_occupancy_ids.date_end")
    def _compute_property_unit_ids(self):
        for partner in self:
            units = partner.property_occupancy_ids.filtered("is_current").unit_id
            partner.property_unit_ids = units
            partner.property_unit_count = len(units)

    @api.constrains("property_proxy_payer_id")
    def _check_property_proxy_payer(self):
        for partner in self:
            if partner.property_proxy_payer_id == partner:
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be their own proxy payer. Choose "
                        "another person or leave the field empty.",
                        partner=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("property_proxy_payer_id") for vals in vals_list
        ):
            self._property_check_proxy_right()
            # A new contact has no home yet: nothing vouches for the link.
            raise UserError(
                self.env._(
                    "A new contact has no home in your communities yet. Save the "
                    "contact, record their occupancy, then choose the proxy payer."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if "property_proxy_payer_id" not in vals or self.env.su:
            return super().write(vals)
        self._property_check_proxy_right()
        proxy = self.browse(vals["property_proxy_payer_id"])
        changed = self.filtered(lambda p: p.property_proxy_payer_id != proxy)
        if changed:
            changed._property_check_proxy_link(proxy)
        old_proxies = {partner: partner.property_proxy_payer_id for partner in changed}
        result = super().write(vals)
        changed._property_log_proxy_change(old_proxies, proxy)
        return result

    def _property_check_proxy_right(self):
        if not self.env.su and not self.env.user.has_group(
            "property_base.group_property_user"
        ):
            raise AccessError(
                self.env._(
                    "Only property staff may choose who pays on someone's behalf. "
                    "Ask the property service desk."
                )
            )

    def _property_check_proxy_link(self, proxy):
        """Refuse unless every partner of ``self`` and ``proxy`` (if any)
        occupy or occupied a unit of a community the user works on."""
        communities = self.env.user._property_work_communities()
        outsiders = (self | proxy) - (self | proxy)._property_occupants_of(communities)
        if outsiders:
            raise UserError(
                self.env._(
                    "%(partners)s never occupied a unit of the communities you work "
                    "on. A proxy payer links two occupants of your communities: "
                    "record their occupancy first, or ask a manager of their "
                    "community.",
                    partners=", ".join(outsiders.mapped("display_name")),
                )
            )

    def _property_units_paid_for(self):
        """The units that the people this partner pays for as their proxy
        payer occupy now (a daughter paying for her mother: the mother's
        flat), without the partner's own. Only for the partner's own user or
        property staff: a resident learns nothing of the others' homes. The
        units come back as superuser records, for the caller to show (code,
        community) or to check a resident's choice against."""
        self.ensure_one()
        user = self.env.user
        if not (
            self.env.su
            or self == user.partner_id
            or user.has_group("property_base.group_property_user")
        ):
            raise AccessError(
                self.env._("You may only list the homes of the people you pay for.")
            )
        Occupancy = self.env["property.occupancy"]
        # sudo: the partner is the user's own or the user is property staff
        # (checked above); the occupancies of the people paid for are theirs.
        occupancies = Occupancy.sudo().search(
            [
                ("partner_id.property_proxy_payer_id", "=", self.id),
                *Occupancy._domain_active_at(fields.Date.context_today(self)),
            ]
        )
        return occupancies.unit_id

    def _property_occupants_of(self, communities):
        """The partners of ``self`` with an occupancy, current or past, in a
        unit of ``communities``."""
        if not self or not communities:
            return self.browse()
        # The communities are the user's own (_property_work_communities); only
        # partner ids come back, no occupancy is shown.
        Occupancy = self.env["property.occupancy"].sudo()
        occupancies = Occupancy._read_group(
            [("partner_id", "in", self.ids), ("community_id", "in", communities.ids)],
            ["partner_id"],
        )
        return self.browse([partner.id for (partner,) in occupancies])

    def _property_log_proxy_change(self, old_proxies, proxy):
        user = self.env.user.name
        notes = []
        for partner in self:
            old = old_proxies[partner]
            if old:
                body = self.env._(
                    "%(user)s removed %(proxy)s as proxy payer of %(partner)s.",
                    user=user,
                    proxy=old.display_name,
                    partner=partner.display_name,
                )
                notes += [(partner, body), (old, body)]
            if proxy:
                body = self.env._(
                    "%(user)s made %(proxy)s the proxy payer of %(partner)s: "
                    "%(proxy)s sees and pays the bills of %(partner)s.",
                    user=user,
                    proxy=proxy.display_name,
                    partner=partner.display_name,
                )
                notes += [(partner, body), (proxy, body)]
        for partner, body in notes:
            # Both ends were checked by _property_check_proxy_link; the note goes
            # on both cards even if the user may not edit the proxy's card.
            partner.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
