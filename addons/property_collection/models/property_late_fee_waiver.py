from odoo import fields, models


class PropertyLateFeeWaiver(models.Model):
    _name = "property.late.fee.waiver"
    _description = "Late Fee Waiver"
    _order = "create_date desc, id desc"

    move_id = fields.Many2one(
        "account.move", string="Late Fee Invoice", required=True, index=True
    )
    credit_note_id = fields.Many2one("account.move", readonly=True)
    partner_id = fields.Many2one(related="move_id.partner_id", store=True)
    company_id = fields.Many2one(related="move_id.company_id", store=True)
    community_id = fields.Many2one(
        related="move_id.property_community_id", store=True, index=True
    )
    amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="move_id.currency_id")
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Waived By",
        default=lambda self: self.env.user,
        readonly=True,
    )
