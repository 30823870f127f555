from odoo import fields, models


class PropertyUnit(models.Model):
    _inherit = "property.unit"

    property_contract_ids = fields.One2many(
        "property.fee.contract", "unit_id", string="Fee Contracts"
    )
    property_invoice_ids = fields.One2many(
        "account.move", "property_unit_id", string="Invoices"
    )
    property_invoice_count = fields.Integer(compute="_compute_property_balance")
    property_balance = fields.Monetary(
        string="Open Balance",
        compute="_compute_property_balance",
        currency_field="property_currency_id",
        help="What is still due on the unit's posted invoices.",
    )
    property_currency_id = fields.Many2one(related="company_id.currency_id")

    def _compute_property_balance(self):
        data = {
            unit: (count, residual)
            for unit, count, residual in self.env["account.move"]._read_group(
                [
                    ("property_unit_id", "in", self.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                ["property_unit_id"],
                ["__count", "amount_residual_signed:sum"],
            )
        }
        for unit in self:
            unit.property_invoice_count, unit.property_balance = data.get(
                unit, (0, 0.0)
            )

    def action_view_property_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("property_unit_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action
