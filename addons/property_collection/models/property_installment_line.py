from odoo import fields, models


class PropertyInstallmentLine(models.Model):
    _name = "property.installment.line"
    _description = "Installment"
    _property_parent_field = "agreement_id"
    _order = "agreement_id, sequence, id"

    agreement_id = fields.Many2one(
        "property.installment.agreement", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer()
    move_line_id = fields.Many2one("account.move.line", required=True, readonly=True)
    date_due = fields.Date(related="move_line_id.date_maturity", string="Due Date")
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    amount = fields.Monetary(related="move_line_id.debit")
    amount_residual = fields.Monetary(related="move_line_id.amount_residual")
    state = fields.Selection(
        [("open", "To Pay"), ("paid", "Paid")], compute="_compute_state"
    )

    def _compute_state(self):
        for line in self:
            line.state = "open" if line.amount_residual else "paid"
