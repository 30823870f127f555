from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyCommunity(models.Model):
    _inherit = "property.community"

    ticket_survey_id = fields.Many2one(
        "survey.survey",
        string="Survey After a Ticket",
        domain="[('property_community_id', '=', id)]",
        help="Residents are invited to this short survey when their service "
        "ticket is closed.",
    )

    @api.constrains("ticket_survey_id")
    def _check_ticket_survey(self):
        for community in self:
            # sudo: only the community of the chosen survey is compared.
            survey = community.ticket_survey_id.sudo()
            if survey and survey.property_community_id != community:
                raise ValidationError(
                    self.env._(
                        "%(community)s: choose a survey of this community for "
                        "the residents whose ticket is closed.",
                        community=community.display_name,
                    )
                )
