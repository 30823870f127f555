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
        help="Company-wide rate in force today; change it by adding a rate with "
        "its date. A community with rates of its own is billed by those.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        (
            "metered_meter_type",
            "CHECK(basis != 'metered' OR meter_type IS NOT NULL)",
            "A metered fee needs its meter type (water, electricity or gas).",
        ),
    ]

    @api.depends("rate_ids.rate", "rate_ids.date_from", "rate_ids.community_id")
    @api.depends_context("date")
    def _compute_rate(self):
        today = self.env.context.get("date") or fields.Date.context_today(self)
        for fee_type in self:
            rates = fee_type.rate_ids.filtered(
                lambda r: not r.community_id and r.date_from <= today
            )
            fee_type.rate = rates.sorted("date_from")[-1:].rate

    def _rate_history(self, communities):
        """``{(fee_type_id, community_id): [(date_from, rate), ...]}`` sorted by
        date, for each of these fee items and ``communities`` (and ``False``,
        the company-wide rates alone): the company-wide rates until the
        community's first rate of its own, then the community's. One query."""
        company_wide = {fee_type.id: [] for fee_type in self}
        own = {
            (fee_type.id, community.id): []
            for fee_type in self
            for community in communities
        }
        for rate in self.env["property.fee.rate"].search_fetch(
            [
                ("fee_type_id", "in", self.ids),
                ("community_id", "in", [*communities.ids, False]),
            ],
            ["fee_type_id", "community_id", "date_from", "rate"],
            order="date_from",
        ):
            entry = (rate.date_from, rate.rate)
            if rate.community_id:
                own[rate.fee_type_id.id, rate.community_id.id].append(entry)
            else:
                company_wide[rate.fee_type_id.id].append(entry)
        history = {
            (fee_type_id, False): rates for fee_type_id, rates in company_wide.items()
        }
        for (fee_type_id, community_id), rates in own.items():
            until = rates[0][0] if rates else None
            history[fee_type_id, community_id] = [
                entry
                for entry in company_wide[fee_type_id]
                if until is None or entry[0] < until
            ] + rates
        return history

    def _rate_on(self, date, community):
        """The rate of this fee item in ``community`` on ``date``."""
        self.ensure_one()
        rates = [
            rate
            for date_from, rate in self._rate_history(community)[self.id, community.id]
            if date_from <= date
        ]
        return rates[-1] if rates else 0.0
