from odoo import api, fields, models


class PropertyTransferMatch(models.TransientModel):
    _name = "property.transfer.match"
    _description = "Match a Bank Transfer to a Bill"

    statement_line_id = fields.Many2one(
        "account.bank.statement.line", string="Transfer", required=True
    )
    amount = fields.Monetary(related="statement_line_id.amount")
    currency_id = fields.Many2one(related="statement_line_id.currency_id")
    payment_ref = fields.Char(related="statement_line_id.payment_ref")
    move_id = fields.Many2one(
        "account.move",
        string="Bill",
        required=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.bank.statement.line":
            values["statement_line_id"] = self.env.context.get("active_id")
        return values

    def action_match(self):
        self.statement_line_id._property_reconcile_bill(self.move_id)
        return {"type": "ir.actions.act_window_close"}
