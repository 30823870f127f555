from odoo import api, models


class PropertySuggestion(models.Model):
    _inherit = "property.suggestion"

    @api.model
    def _ticket_models(self):
        return [*super()._ticket_models(), "helpdesk.ticket"]
