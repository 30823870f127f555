from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    property_billing_auto_post = fields.Boolean(
        related="company_id.property_billing_auto_post", readonly=False
    )
    property_billing_fast_invoices = fields.Boolean(
        related="company_id.property_billing_fast_invoices", readonly=False
    )
