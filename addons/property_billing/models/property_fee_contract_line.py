from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyFeeContractLine(models.Model):
    _name = "property.fee.contract.line"
    _description = "Fee Contract Item"
    _property_parent_field = "contract_id"
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one(
        "property.fee.contract", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Item", required=True)
    basis = fields.Selection(related="fee_type_id.basis")
    rate_override = fields.Float(
        digits="Product Price",
        help="Agreed rate for this contract instead of the fee item's rates; leave "
        "0 to follow them.",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")

    @api.constrains("discount", "rate_override")
    def _check_discount(self):
        for line in self:
            if not 0 <= line.discount <= 100 or line.rate_override < 0:
                raise ValidationError(
                    self.env._(
                        "%(fee)s on contract %(contract)s: a discount lies between 0 "
                        "and 100 %% and a rate cannot be negative.",
                        fee=line.fee_type_id.display_name,
                        contract=line.contract_id.name,
                    )
                )
