from odoo import fields, models


class PropertyCommunity(models.Model):
    _inherit = "property.community"

    ticket_survey_id = fields.Many2one(
        "survey.survey",
        string="Survey After a Ticket",
        domain="[('property_community_id', '=', id)]",
        help="Residents are invited to this short survey when their service "
        "ticket is closed.",
    )
