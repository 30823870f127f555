from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.property_base.tools import (
    check_action_fields,
    with_server_flag,
)

BUDGET_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
]

# Server-side flag (see property_base/tools/server_flags.py) under which
# action_approve and action_draft write the state, which no client may write.
BUDGET_ACTION = "property_budget_action"
ACTION_FIELDS = {"state"}

MANAGER_GROUP = "property_base.group_property_manager"


class PropertyBudget(models.Model):
    _name = "property.budget"
    _description = "Community Budget"
    _inherit = ["mail.thread"]
    _order = "year desc, community_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    analytic_account_id = fields.Many2one(
        related="community_id.analytic_account_id", string="Analytic Account"
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )
    state = fields.Selection(
        BUDGET_STATES, required=True, default="draft", tracking=True, copy=False
    )
    line_ids = fields.One2many(
        "property.budget.line", "budget_id", string="Lines", copy=True
    )
    amount_planned = fields.Monetary(
        string="Budget", compute="_compute_amount_planned", store=True
    )
    amount_actual = fields.Monetary(string="Actual", compute="_compute_actual")
    amount_variance = fields.Monetary(string="Variance", compute="_compute_actual")
    execution_rate = fields.Float(
        string="Execution (%)", compute="_compute_actual", digits=(16, 2)
    )
    note = fields.Text(translate=True)

    _sql_constraints = [
        (
            "community_year_uniq",
            "unique(community_id, year)",
            "This community already has a budget for this year: edit it instead.",
        ),
    ]

    @api.depends("community_id.name", "year")
    def _compute_name(self):
        for budget in self:
            budget.name = self.env._(
                "%(community)s %(year)s budget",
                community=budget.community_id.name or "",
                year=budget.year,
            )

    @api.depends("line_ids.amount_planned")
    def _compute_amount_planned(self):
        for budget in self:
            budget.amount_planned = sum(budget.line_ids.mapped("amount_planned"))

    def _compute_actual(self):
        for budget in self:
            actuals = budget._get_actuals()
            actual = sum(actuals.values())
            budget.amount_actual = actual
            budget.amount_variance = actual - budget.amount_planned
            budget.execution_rate = _rate(actual, budget.amount_planned)

    @api.constrains("year")
    def _check_year(self):
        for budget in self:
            if not 2000 <= budget.year <= 2100:
                raise ValidationError(
                    self.env._(
                        "%(year)s is not a valid year: enter the calendar year the "
                        "budget is for, e.g. 2026.",
                        year=budget.year,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_action_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        # Rights first: the checks below are no one else's business.
        self.check_access("write")
        self._check_action_fields(vals)
        if set(vals) - {"state", "note"}:
            self._check_editable()
        return super().write(vals)

    def _check_action_fields(self, vals):
        check_action_fields(
            self,
            vals,
            ACTION_FIELDS,
            BUDGET_ACTION,
            lambda fields: self.env._(
                "The status of a budget changes only through its buttons "
                "(Approve, Set to Draft); it cannot be written directly: "
                "%(fields)s.",
                fields=fields,
            ),
        )

    def _check_editable(self):
        if self.filtered(lambda b: b.state == "approved"):
            raise UserError(
                self.env._(
                    "An approved budget cannot be changed. Set it back to draft "
                    "first; the change is logged."
                )
            )

    def action_approve(self):
        self.check_access("write")
        for budget in self:
            if not budget.line_ids:
                raise UserError(
                    self.env._(
                        "%(name)s has no line: add the budgeted amount of each cost "
                        "category before approving it.",
                        name=budget.name,
                    )
                )
        drafts = self.filtered(lambda b: b.state == "draft")
        with_server_flag(drafts, BUDGET_ACTION).write({"state": "approved"})
        for budget in drafts:
            budget.message_post(
                body=self.env._(
                    "Budget approved by %(user)s: its lines are frozen.",
                    user=self.env.user.name,
                )
            )
        return True

    def action_draft(self):
        """Reopen an approved budget (managers), logged in the chatter."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a property manager may set an approved budget back to "
                    "draft. Ask a manager to reopen it."
                )
            )
        self.check_access("write")
        approved = self.filtered(lambda b: b.state == "approved")
        with_server_flag(approved, BUDGET_ACTION).write({"state": "draft"})
        for budget in approved:
            budget.message_post(
                body=self.env._(
                    "Approved budget set back to draft by %(user)s: its lines "
                    "may be changed again.",
                    user=self.env.user.name,
                )
            )
        return True

    def _get_actuals(self, date_to=None):
        """Actual costs of the budget's year up to ``date_to`` (default: the
        year's end), ``{category: amount}``, from posted journal items carrying
        the community's analytic account on the categories' accounts."""
        self.ensure_one()
        self.check_access("read")
        categories = self.line_ids.category_id
        result = dict.fromkeys(categories, 0.0)
        analytic = self.community_id.analytic_account_id
        accounts = categories.account_ids
        if not analytic or not accounts:
            return result
        date_from = date(self.year, 1, 1)
        date_to = min(date_to or date(self.year, 12, 31), date(self.year, 12, 31))
        groups = (
            self.env["account.analytic.line"]
            # Read access to the budget checked above: totals of its analytic
            # account, not the journal items themselves.
            .sudo()
            ._read_group(
                [
                    ("auto_account_id", "=", analytic.id),
                    ("general_account_id", "in", accounts.ids),
                    ("company_id", "=", self.company_id.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                ["general_account_id"],
                ["amount:sum"],
            )
        )
        by_account = {account.id: amount for account, amount in groups}
        # An account counts once, for the first category (by sequence) mapping it.
        seen = set()
        for category in categories.sorted(lambda c: (c.sequence, c.id)):
            for account in category.account_ids:
                if account.id in seen:
                    continue
                seen.add(account.id)
                # Analytic amounts of costs are negative (credit side).
                result[category] -= by_account.get(account.id, 0.0)
        return {
            category: self.currency_id.round(amount)
            for category, amount in result.items()
        }


def _rate(actual, planned):
    return round(actual / planned * 100, 2) if planned else 0.0
