from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    property_dunning_firm_amount = fields.Monetary(
        related="company_id.property_dunning_firm_amount",
        currency_field="currency_id",
        readonly=False,
    )
    property_dunning_firm_late_count = fields.Integer(
        related="company_id.property_dunning_firm_late_count", readonly=False
    )
    property_legal_user_id = fields.Many2one(
        related="company_id.property_legal_user_id", readonly=False
    )
