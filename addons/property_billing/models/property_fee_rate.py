from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyFeeRate(models.Model):
    _name = "property.fee.rate"
    _description = "Fee Rate"
    _order = "fee_type_id, community_id, date_from desc"
    _check_company_auto = True

    fee_type_id = fields.Many2one(
        "property.fee.type", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="fee_type_id.company_id", store=True, index=True, precompute=True
    )
    community_id = fields.Many2one(
        "property.community",
        index="btree_not_null",
        check_company=True,
        ondelete="restrict",
        help="Leave empty for the rate of every community of the company. A "
        "community with rates of its own is billed by them from their first date.",
    )
    date_from = fields.Date(string="Effective From", required=True)
    rate = fields.Float(required=True, digits="Product Price")
    note = fields.Char(help="Why the rate changed, e.g. the owners' vote.")

    _sql_constraints = [
        (
            "fee_type_date_uniq",
            "unique nulls not distinct (fee_type_id, community_id, date_from)",
            (
                "This fee item already has a rate from that date for this "
                "community (or for every community): edit it instead."
            ),
        ),
    ]

    @api.constrains("rate")
    def _check_rate(self):
        for rate in self:
            if rate.rate < 0:
                raise ValidationError(
                    self.env._(
                        "%(fee)s: a rate cannot be negative. Use a discount on the "
                        "contract to lower what a resident pays.",
                        fee=rate.fee_type_id.display_name,
                    )
                )
