from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    property_late_fee_origin_id = fields.Many2one(
        "account.move",
        string="Late Fee On",
        index="btree_not_null",
        readonly=True,
        help="The overdue invoice this late fee is charged on.",
    )
