from odoo import fields, models


class PropertyLateFeeWaive(models.TransientModel):
    _name = "property.late.fee.waive"
    _description = "Waive Late Fees"

    move_ids = fields.Many2many("account.move", string="Late Fee Invoices")
    reason = fields.Text(required=True)

    def action_waive(self):
        self.move_ids.action_property_waive_late_fee(self.reason)
        return {"type": "ir.actions.act_window_close"}
