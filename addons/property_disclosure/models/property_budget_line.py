from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .property_budget import _rate


class PropertyBudgetLine(models.Model):
    _name = "property.budget.line"
    _description = "Budget Line"
    _property_parent_field = "budget_id"
    _order = "budget_id, sequence, id"

    budget_id = fields.Many2one(
        "property.budget",
        string="Budget of the Year",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one(
        "property.cost.category", required=True, ondelete="restrict"
    )
    currency_id = fields.Many2one(related="budget_id.currency_id")
    amount_planned = fields.Monetary(string="Budget", required=True)
    amount_actual = fields.Monetary(string="Actual", compute="_compute_actual")
    amount_variance = fields.Monetary(
        string="Variance",
        compute="_compute_actual",
        help="Actual minus budget: positive when overspent.",
    )
    execution_rate = fields.Float(
        string="Execution (%)", compute="_compute_actual", digits=(16, 2)
    )

    _sql_constraints = [
        (
            "budget_category_uniq",
            "unique(budget_id, category_id)",
            "Each cost category appears once in a budget: edit its line instead.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.budget_id._check_editable()
        return lines

    def write(self, vals):
        self.budget_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self.budget_id._check_editable()

    def _compute_actual(self):
        for budget in self.budget_id:
            actuals = budget._get_actuals()
            for line in self.filtered(lambda ln, b=budget: ln.budget_id == b):
                actual = actuals.get(line.category_id, 0.0)
                line.amount_actual = actual
                line.amount_variance = actual - line.amount_planned
                line.execution_rate = _rate(actual, line.amount_planned)
        for line in self.filtered(lambda ln: not ln.budget_id):
            line.amount_actual = line.amount_variance = line.execution_rate = 0.0

    @api.constrains("amount_planned")
    def _check_amount_planned(self):
        for line in self:
            if line.amount_planned < 0:
                raise ValidationError(
                    self.env._(
                        "%(category)s: a budgeted amount cannot be negative.",
                        category=line.category_id.name,
                    )
                )
