from odoo import fields, models


class PropertyFeeContractChangePayer(models.TransientModel):
    _name = "property.fee.contract.change.payer"
    _description = "Change the Payer of a Fee Contract"

    contract_id = fields.Many2one("property.fee.contract", required=True)
    partner_id = fields.Many2one("res.partner", string="New Payer", required=True)
    date = fields.Date(
        string="Pays From",
        required=True,
        help="First day the new payer pays, e.g. the day after the sale.",
    )

    def action_confirm(self):
        successor = self.contract_id._change_payer(self.partner_id, self.date)
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.fee.contract",
            "res_id": successor.id,
            "view_mode": "form",
        }
