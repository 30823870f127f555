from odoo import fields, models


class PropertyBillingRunLog(models.Model):
    _name = "property.billing.run.log"
    _description = "Skipped Contract of a Billing Run"
    _order = "run_id, id"

    run_id = fields.Many2one(
        "property.billing.run", required=True, index=True, ondelete="cascade"
    )
    contract_id = fields.Many2one("property.fee.contract", required=True, index=True)
    unit_id = fields.Many2one(related="contract_id.unit_id")
    reason = fields.Char(required=True)
