from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyVoteMatter(models.Model):
    _name = "property.vote.matter"
    _description = "Vote Matter Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    participation_numerator = fields.Integer(required=True, default=2)
    participation_denominator = fields.Integer(required=True, default=3)
    approval_numerator = fields.Integer(required=True, default=1)
    approval_denominator = fields.Integer(required=True, default=2)
    approval_strict = fields.Boolean(
        string="Strictly More Than",
        default=True,
        help="Ticked: approval needs more than the fraction (过半数). Unticked: at "
        "least the fraction (四分之三以上).",
    )
    is_fee_change = fields.Boolean(
        string="Fee Change",
        help="The proposal carries current and proposed rates, applied from the "
        "effective date once approved.",
    )
    is_fund_use = fields.Boolean(
        string="Maintenance Fund Use",
        help="An approved vote of this type authorises uses of the special "
        "maintenance fund.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "code_uniq",
            "unique(code)",
            "A matter type with this code already exists: choose another code.",
        ),
    ]

    @api.constrains(
        "participation_numerator",
        "participation_denominator",
        "approval_numerator",
        "approval_denominator",
    )
    def _check_fractions(self):
        for matter in self:
            for numerator, denominator in (
                (matter.participation_numerator, matter.participation_denominator),
                (matter.approval_numerator, matter.approval_denominator),
            ):
                if denominator <= 0 or not 0 < numerator <= denominator:
                    raise ValidationError(
                        self.env._(
                            "%(matter)s: a threshold is a fraction between 0 and 1, "
                            "e.g. 2 / 3. Enter a numerator above 0 and a "
                            "denominator at least as large.",
                            matter=matter.name,
                        )
                    )
