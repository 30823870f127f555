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
