from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyCommunity(models.Model):
    _inherit = "property.community"

    vacancy_discount = fields.Float(
        string="Vacancy Discount (%)",
        digits="Discount",
        help="Discount on the fees of units that are vacant when billed (空置房), "
        "on top of a contract's own discount.",
    )
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

    @api.constrains("vacancy_discount")
    def _check_vacancy_discount(self):
        for community in self:
            if not 0 <= community.vacancy_discount <= 100:
                raise ValidationError(
                    self.env._(
                        "%(community)s: the vacancy discount lies between 0 and "
                        "100 %%.",
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
