from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    property_billing_auto_post = fields.Boolean(
        string="Post Property Invoices",
        default=True,
        help="Billing runs post the invoices they create; otherwise they stay in "
        "draft for review.",
    )
