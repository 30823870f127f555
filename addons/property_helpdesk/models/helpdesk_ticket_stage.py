from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    property_sla_pause = fields.Boolean(
        string="Pauses the SLA Clock",
        help="Tickets in this stage wait on the resident (an answer, access to the "
        "flat): the SLA clock stops and the deadlines move by the working time "
        "spent here.",
    )
