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
    property_dunning_firm_amount = fields.Monetary(
        string="Firm Dunning From",
        currency_field="currency_id",
        default=3000.0,
        help="Payers owing at least this much overdue follow the firm policy.",
    )
    property_dunning_firm_late_count = fields.Integer(
        string="Firm Dunning After Late Bills",
        default=3,
        help="Payers with this many late bills in a year (the current one "
        "included) follow the firm policy.",
    )
    property_legal_user_id = fields.Many2one(
        "res.users",
        string="Legal Officer",
        help="Receives the cases handed over to legal.",
    )
