from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyCommunity(models.Model):
    _inherit = "property.community"

    late_fee_enabled = fields.Boolean(
        string="Late Fees",
        help="Charge late fees (滞纳金) on overdue fee invoices of this community.",
    )
    late_fee_grace_days = fields.Integer(
        string="Grace Days",
        default=30,
        help="Days after the due date before a late fee accrues; paid within them, "
        "nothing is charged.",
    )
    late_fee_daily_rate = fields.Float(
        string="Daily Rate (%)",
        digits=(6, 4),
        default=0.03,
        help="Percentage of the overdue principal charged per day late.",
    )
    late_fee_cap = fields.Float(
        string="Cap (% of Principal)",
        default=100.0,
        help="Late fees on an invoice never exceed this share of its overdue "
        "principal.",
    )
    late_fee_product_id = fields.Many2one(
        "product.product",
        check_company=True,
        help="Product of the late fee lines: its income account is used.",
    )

    reminder_cycle_days = fields.Integer(
        string="Remind Before the Cycle (days)",
        default=7,
        help="Days before a billing cycle starts when payers receive the coming "
        "fees, item by item; 0 sends no such reminder.",
    )
    reminder_due_days = fields.Integer(
        string="Remind Before the Due Date (days)",
        default=3,
        help="Days before an unpaid bill falls due when its payer is reminded; "
        "0 sends no such reminder.",
    )

    currency_id = fields.Many2one(related="company_id.currency_id")
    billed_month = fields.Monetary(compute="_compute_collection_month")
    collected_month = fields.Monetary(compute="_compute_collection_month")
    collection_rate_month = fields.Float(compute="_compute_collection_month")
    units_billed_month = fields.Integer(compute="_compute_collection_month")
    units_paid_month = fields.Integer(compute="_compute_collection_month")
    arrears_recovered_month = fields.Monetary(compute="_compute_collection_month")
    arrears_open = fields.Monetary(compute="_compute_collection_month")

    def _compute_collection_month(self):
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        month_end = month_start + relativedelta(months=1, days=-1)
        readable = self.filtered("id")._filtered_access("read")
        (self - readable).update(
            dict.fromkeys(
                [
                    "billed_month",
                    "collected_month",
                    "collection_rate_month",
                    "units_billed_month",
                    "units_paid_month",
                    "arrears_recovered_month",
                    "arrears_open",
                ],
                0,
            )
        )
        # sudo: only the totals of communities the user may read (filtered
        # above), as the collection analysis shows them; a manager without an
        # accounting right reads no bill itself.
        Report = self.env["property.collection.report"].sudo()
        for community in readable:
            domain = [("property_unit_id.community_id", "=", community.id)]
            summary = Report._collection_summary(month_start, month_end, domain)
            community.billed_month = summary["billed"]
            community.collected_month = summary["collected"]
            # The percentage widget expects a ratio.
            community.collection_rate_month = summary["rate"] / 100
            community.units_billed_month = summary["units_billed"]
            community.units_paid_month = summary["units_paid"]
            community.arrears_recovered_month = summary["arrears_recovered"]
            community.arrears_open = sum(
                Report.search(
                    [
                        ("community_id", "=", community.id),
                        ("invoice_date_due", "<", today),
                        ("amount_open", "!=", 0),
                    ]
                ).mapped("amount_open")
            )

    @api.constrains("reminder_cycle_days", "reminder_due_days")
    def _check_reminder_days(self):
        for community in self:
            if community.reminder_cycle_days < 0 or community.reminder_due_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(community)s: reminder days are 0 (no reminder) or more.",
                        community=community.display_name,
                    )
                )

    @api.constrains(
        "late_fee_enabled",
        "late_fee_grace_days",
        "late_fee_daily_rate",
        "late_fee_cap",
        "late_fee_product_id",
    )
    def _check_late_fee_policy(self):
        for community in self.filtered("late_fee_enabled"):
            if (
                community.late_fee_grace_days < 0
                or community.late_fee_daily_rate <= 0
                or not 0 < community.late_fee_cap <= 100
                or not community.late_fee_product_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(community)s: a late fee policy needs a product, grace days "
                        "of 0 or more, a daily rate above 0 and a cap between 0 and "
                        "100 %% of the principal.",
                        community=community.display_name,
                    )
                )
