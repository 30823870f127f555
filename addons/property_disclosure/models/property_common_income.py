from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

INCOME_KINDS = [
    ("income", "Income"),
    ("use", "Use"),
]

INCOME_SOURCES = [
    ("parking", "Parking"),
    ("advertising", "Advertising"),
    ("rental", "Rental of Common Areas"),
    ("other", "Other"),
]


class PropertyCommonIncome(models.Model):
    """Income from the common areas (共有部分收益), which belongs to the
    owners, and how it was used."""

    _name = "property.common.income"
    _description = "Common-Area Income"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Description", required=True)
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(INCOME_KINDS, required=True, default="income")
    source = fields.Selection(
        INCOME_SOURCES, help="Where the income comes from (income only)."
    )
    amount = fields.Monetary(required=True)
    amount_signed = fields.Monetary(
        string="Amount (Signed)", compute="_compute_amount_signed", store=True
    )
    vote_id = fields.Many2one(
        "property.vote",
        string="Approving Vote",
        ondelete="restrict",
        check_company=True,
        domain="[('community_id', '=', community_id), ('result', '=', 'approved')]",
        help="The owners' vote that decided this use, if any.",
    )

    @api.depends("amount", "kind")
    def _compute_amount_signed(self):
        for entry in self:
            entry.amount_signed = -entry.amount if entry.kind == "use" else entry.amount

    @api.constrains("amount", "kind", "source")
    def _check_amount(self):
        for entry in self:
            if float_compare(entry.amount, 0, precision_digits=2) <= 0:
                raise ValidationError(
                    self.env._(
                        "%(name)s: enter an amount above zero; the kind says "
                        "whether it is income or a use.",
                        name=entry.name,
                    )
                )
            if entry.kind == "income" and not entry.source:
                raise ValidationError(
                    self.env._(
                        "%(name)s: say where the income comes from (parking, "
                        "advertising, rental or other).",
                        name=entry.name,
                    )
                )
