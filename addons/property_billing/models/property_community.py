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
    payment_provider_ids = fields.Many2many(
        "payment.provider",
        string="Online Payment",
        domain="[('company_id', '=', company_id)]",
        groups="property_base.group_property_manager",
        help="The online payment providers offered to the community's residents in "
        "My Bills; all the company's published providers when empty.",
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
