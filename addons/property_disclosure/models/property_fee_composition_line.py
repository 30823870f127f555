from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyFeeCompositionLine(models.Model):
    _name = "property.fee.composition.line"
    _description = "Fee Composition Item"
    _property_parent_field = "composition_id"
    _order = "composition_id, sequence, id"

    composition_id = fields.Many2one(
        "property.fee.composition", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one(
        "property.cost.category", required=True, ondelete="restrict"
    )
    currency_id = fields.Many2one(related="composition_id.currency_id")
    amount = fields.Monetary(string="Amount per Year", required=True)
    # Not Monetary: a rate per m² and month is published to 4 decimals, finer
    # than the currency's rounding (0.0125 a m² is 1.25 a month for 100 m²).
    amount_per_m2_month = fields.Float(
        string="Per m² per Month",
        compute="_compute_amount_per_m2_month",
        digits=(16, 4),
    )
    basis = fields.Char(
        string="Calculation Basis",
        translate=True,
        help="e.g. 12 cleaners × 4,200 per month × 12 months.",
    )

    @api.depends("amount", "composition_id.area")
    def _compute_amount_per_m2_month(self):
        for line in self:
            line.amount_per_m2_month = line.composition_id._per_m2_month(line.amount)

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.amount < 0:
                raise ValidationError(
                    self.env._(
                        "%(category)s: a yearly amount cannot be negative. Enter "
                        "what the item costs per year.",
                        category=line.category_id.name,
                    )
                )

    @api.constrains("category_id", "composition_id")
    def _check_remuneration_line(self):
        self.composition_id._check_remuneration()
