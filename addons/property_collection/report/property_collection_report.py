from odoo import api, fields, models
from odoo.tools import SQL

AGING_BUCKETS = [
    ("current", "Not Due"),
    ("0_30", "0-30 Days"),
    ("31_90", "31-90 Days"),
    ("91_180", "91-180 Days"),
    ("181_365", "181-365 Days"),
    ("365_plus", "Over 365 Days"),
]


def aging_bucket(days_overdue):
    """The aging column of an amount ``days_overdue`` days past its due date."""
    if days_overdue <= 0:
        return "current"
    for limit, bucket in (
        (30, "0_30"),
        (90, "31_90"),
        (180, "91_180"),
        (365, "181_365"),
    ):
        if days_overdue <= limit:
            return bucket
    return "365_plus"


class PropertyCollectionReport(models.Model):
    """One row per fee bill: billed, collected and still open, with its unit,
    building, community, period and (as of today) its aging column."""

    _name = "property.collection.report"
    _description = "Fee Collection Analysis"
    _auto = False
    _rec_name = "move_id"
    _order = "invoice_date desc, id desc"

    move_id = fields.Many2one("account.move", string="Bill", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    community_id = fields.Many2one("property.community", readonly=True)
    building_id = fields.Many2one("property.building", readonly=True)
    unit_id = fields.Many2one("property.unit", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True)
    invoice_date = fields.Date(string="Billed On", readonly=True)
    period_start = fields.Date(readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    is_late_fee = fields.Boolean(readonly=True)
    amount_billed = fields.Monetary(readonly=True)
    amount_collected = fields.Monetary(readonly=True)
    amount_open = fields.Monetary(readonly=True)
    is_paid = fields.Boolean(readonly=True)
    aging_bucket = fields.Selection(AGING_BUCKETS, string="Aging", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT m.id AS id,
                   m.id AS move_id,
                   m.company_id,
                   m.currency_id,
                   u.community_id,
                   u.building_id,
                   m.property_unit_id AS unit_id,
                   m.partner_id,
                   m.invoice_date,
                   m.property_period_start AS period_start,
                   m.invoice_date_due,
                   COALESCE(m.property_is_late_fee, FALSE) AS is_late_fee,
                   m.amount_total_signed AS amount_billed,
                   m.amount_total_signed - m.amount_residual_signed
                       AS amount_collected,
                   m.amount_residual_signed AS amount_open,
                   m.payment_state IN ('paid', 'in_payment', 'reversed') AS is_paid,
                   CASE
                       WHEN m.amount_residual_signed = 0
                         OR m.invoice_date_due >= CURRENT_DATE THEN 'current'
                       WHEN CURRENT_DATE - m.invoice_date_due <= 30 THEN '0_30'
                       WHEN CURRENT_DATE - m.invoice_date_due <= 90 THEN '31_90'
                       WHEN CURRENT_DATE - m.invoice_date_due <= 180 THEN '91_180'
                       WHEN CURRENT_DATE - m.invoice_date_due <= 365 THEN '181_365'
                       ELSE '365_plus'
                   END AS aging_bucket
              FROM account_move m
              JOIN property_unit u ON u.id = m.property_unit_id
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
            """
        )

    @api.model
    def _collection_summary(self, date_from, date_to, domain=None):
        """Collection rate (收缴率) of the bills issued from ``date_from`` to
        ``date_to``, and the arrears recovered in that time:
        ``{billed, collected, rate, units_billed, units_paid, unit_rate,
        arrears_recovered}``."""
        moves = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("property_unit_id", "!=", False),
                ("invoice_date", ">=", date_from),
                ("invoice_date", "<=", date_to),
                *(domain or []),
            ]
        )
        billed = sum(moves.mapped("amount_total_signed"))
        collected = billed - sum(moves.mapped("amount_residual_signed"))
        unpaid_units = moves.filtered(
            lambda m: m.payment_state not in ("paid", "in_payment", "reversed")
        ).property_unit_id
        units = moves.property_unit_id
        recovered = self.env["account.partial.reconcile"].search(
            [
                ("max_date", ">=", date_from),
                ("max_date", "<=", date_to),
                ("debit_move_id.move_id.move_type", "=", "out_invoice"),
                ("debit_move_id.move_id.property_unit_id", "!=", False),
                ("debit_move_id.move_id.invoice_date", "<", date_from),
                *[
                    (f"debit_move_id.move_id.{leaf[0]}", *leaf[1:])
                    for leaf in (domain or [])
                ],
            ]
        )
        return {
            "billed": billed,
            "collected": collected,
            "rate": collected / billed * 100 if billed else 0.0,
            "units_billed": len(units),
            "units_paid": len(units - unpaid_units),
            "unit_rate": len(units - unpaid_units) / len(units) * 100 if units else 0.0,
            "arrears_recovered": sum(recovered.mapped("amount")),
        }

    @api.model
    def _aging(self, as_of, domain=None):
        """Open fee amounts as of ``as_of`` by payer and unit and aging column:
        ``{(partner, unit): {bucket: amount}}``."""
        moves = self.env["account.move"].search(
            [
                *self.env["account.move"]._property_open_fee_bill_domain(),
                ("property_unit_id", "!=", False),
                *(domain or []),
            ]
        )
        aging = {}
        for move in moves:
            bucket = aging_bucket((as_of - move.invoice_date_due).days)
            row = aging.setdefault((move.partner_id, move.property_unit_id), {})
            row[bucket] = row.get(bucket, 0.0) + move.amount_residual_signed
        return aging
