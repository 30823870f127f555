from odoo import api, fields, models
from odoo.exceptions import ValidationError

FEE_MODELS = [
    ("lump_sum", "Fixed Fee (包干制)"),
    ("cost_plus", "Cost-plus (酬金制)"),
]


class PropertyFeeComposition(models.Model):
    _name = "property.fee.composition"
    _description = "Fee Composition"
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
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )
    fee_model = fields.Selection(
        FEE_MODELS,
        required=True,
        default="lump_sum",
        tracking=True,
        help="Fixed fee: the company keeps what is left after the costs, or bears "
        "the loss. Cost-plus: the fees pay the costs and the company is paid a "
        "remuneration, a share of the costs.",
    )
    remuneration_rate = fields.Float(
        string="Remuneration (%)",
        digits=(5, 2),
        tracking=True,
        help="Cost-plus only: the company's remuneration as a percentage of the costs.",
    )
    area = fields.Float(
        string="Chargeable Area (m²)",
        compute="_compute_area",
        store=True,
        readonly=False,
        digits=(16, 2),
        help="Gross area the fees are spread over; by default the community's "
        "total gross area.",
    )
    line_ids = fields.One2many(
        "property.fee.composition.line", "composition_id", string="Cost Items"
    )
    cost_total = fields.Monetary(
        string="Costs per Year", compute="_compute_totals", store=True
    )
    remuneration_amount = fields.Monetary(
        string="Management Fee or Profit per Year",
        compute="_compute_totals",
        store=True,
    )
    amount_total = fields.Monetary(
        string="Total per Year", compute="_compute_totals", store=True
    )
    # Not Monetary: a rate per m² and month is published to 4 decimals, finer
    # than the currency's rounding (0.0125 a m² is 1.25 a month for 100 m²).
    amount_per_m2_month = fields.Float(
        string="Total per m² per Month",
        compute="_compute_totals",
        store=True,
        digits=(16, 4),
    )
    basis = fields.Text(
        string="Calculation Basis",
        translate=True,
        help="How the figures were reached, shown to owners.",
    )

    _sql_constraints = [
        (
            "community_year_uniq",
            "unique(community_id, year)",
            (
                "This community already has a fee composition for this year: "
                "edit it instead."
            ),
        ),
    ]

    @api.depends("community_id.name", "year")
    def _compute_name(self):
        for composition in self:
            composition.name = self.env._(
                "%(community)s %(year)s fee composition",
                community=composition.community_id.name or "",
                year=composition.year,
            )

    @api.depends("community_id.total_area")
    def _compute_area(self):
        for composition in self:
            composition.area = composition.community_id.total_area

    @api.depends(
        "line_ids.amount",
        "line_ids.category_id.is_remuneration",
        "fee_model",
        "remuneration_rate",
        "area",
    )
    def _compute_totals(self):
        for composition in self:
            remuneration_lines = composition.line_ids.filtered(
                "category_id.is_remuneration"
            )
            costs = sum((composition.line_ids - remuneration_lines).mapped("amount"))
            if composition.fee_model == "cost_plus":
                remuneration = composition.currency_id.round(
                    costs * composition.remuneration_rate / 100
                )
            else:
                remuneration = sum(remuneration_lines.mapped("amount"))
            composition.cost_total = costs
            composition.remuneration_amount = remuneration
            composition.amount_total = costs + remuneration
            composition.amount_per_m2_month = composition._per_m2_month(
                costs + remuneration
            )

    @api.constrains("year")
    def _check_year(self):
        for composition in self:
            if not 2000 <= composition.year <= 2100:
                raise ValidationError(
                    self.env._(
                        "%(year)s is not a valid year: enter the calendar year the "
                        "fee composition is for, e.g. 2026.",
                        year=composition.year,
                    )
                )

    @api.constrains("fee_model", "remuneration_rate", "line_ids")
    def _check_remuneration(self):
        for composition in self:
            if composition.remuneration_rate < 0 or (
                composition.remuneration_rate > 100
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s: the remuneration must lie between 0 and 100 %%.",
                        name=composition.name,
                    )
                )
            if composition.fee_model == "cost_plus" and (
                composition.line_ids.filtered("category_id.is_remuneration")
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s: under the cost-plus model the management fee is "
                        "the remuneration percentage of the costs. Remove the "
                        "management fee line and set the remuneration percentage.",
                        name=composition.name,
                    )
                )

    def _per_m2_month(self, amount):
        """Spread a yearly amount over the chargeable area and twelve months."""
        self.ensure_one()
        if not self.area:
            return 0.0
        return round(amount / self.area / 12, 4)
