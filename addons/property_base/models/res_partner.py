from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
    property_proxy_payer_id = fields.Many2one(
        "res.partner",
        string="Proxy Payer",
        index="btree_not_null",
        help="Pays on this person's behalf, e.g. a son or daughter paying for "
        "an elderly parent.",
    )
    property_proxied_partner_ids = fields.One2many(
        "res.partner",
        "property_proxy_payer_id",
        string="Pays For",
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
