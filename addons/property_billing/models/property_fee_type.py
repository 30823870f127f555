from odoo import api, fields, models

FEE_BASES = [
    ("fixed", "Fixed per Unit"),
    ("area", "Per m² of Gross Area"),
    ("metered", "Metered Consumption"),
    ("parking", "Per Parking Space"),
]

METER_TYPES = [
    ("water", "Water"),
    ("electricity", "Electricity"),
    ("gas", "Gas"),
]


class PropertyFeeType(models.Model):
    _name = "property.fee.type"
    _description = "Fee Item"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        help="Invoiced product: its income account and taxes apply, as for any "
        "customer invoice.",
    )
    basis = fields.Selection(
        FEE_BASES,
        required=True,
        default="area",
        help="Fixed and parking fees are a monthly amount per unit; area fees a "
        "monthly amount per m²; metered fees a price per unit consumed.",
    )
    meter_type = fields.Selection(METER_TYPES)
    rate_ids = fields.One2many("property.fee.rate", "fee_type_id", string="Rates")
    rate = fields.Float(
        string="Current Rate",
        compute="_compute_rate",
        digits="Product Price",
        help="Rate in force today; change it by adding a rate with its date.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        (
            "metered_meter_type",
            "CHECK(basis != 'metered' OR meter_type IS NOT NULL)",
            "A metered fee needs its meter type (water, electricity or gas).",
        ),
    ]

    @api.depends("rate_ids.rate", "rate_ids.date_from")
    @api.depends_context("date")
    def _compute_rate(self):
        today = self.env.context.get("date") or fields.Date.context_today(self)
        for fee_type in self:
            rates = fee_type.rate_ids.filtered(lambda r: r.date_from <= today)
            fee_type.rate = rates.sorted("date_from")[-1:].rate

    def _rate_history(self):
        """``{fee_type_id: [(date_from, rate), ...]}`` sorted by date."""
        history = {fee_type.id: [] for fee_type in self}
        for rate in self.env["property.fee.rate"].search(
            [("fee_type_id", "in", self.ids)], order="date_from"
        ):
            history[rate.fee_type_id.id].append((rate.date_from, rate.rate))
        return history
