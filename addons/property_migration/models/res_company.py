from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    property_opening_account_id = fields.Many2one(
        "account.account",
        string="Opening Balance Account",
        check_company=True,
        help="The counterpart of the arrears and prepayments a community import "
        "brings from the old system, e.g. a transitional account the accountant "
        "clears against the old system's totals. Empty: the company's "
        "undistributed profits account.",
    )
