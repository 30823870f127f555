from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

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
