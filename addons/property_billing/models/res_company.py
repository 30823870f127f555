from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    property_billing_auto_post = fields.Boolean(
        string="Post Property Invoices",
        default=True,
        help="Billing runs post the invoices they create; otherwise they stay in "
        "draft for review.",
    )
    property_billing_fast_invoices = fields.Boolean(
        string="Fast Billing Runs",
        default=True,
        help="Billing runs create plain fee invoices without Odoo's generic line "
        "sync, then add the tax and receivable lines it would add: same journal "
        "items, several times faster. Turn off to have every invoice created by "
        "Odoo's own code, e.g. after an Odoo update, until the equivalence tests "
        "pass again.",
    )
