from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    property_opening_account_id = fields.Many2one(
        related="company_id.property_opening_account_id", readonly=False
    )
