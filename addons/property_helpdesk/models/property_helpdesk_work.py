from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyHelpdeskWork(models.Model):
    _name = "property.helpdesk.work"
    _description = "Ticket Work and Parts"
    _order = "date desc, id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    property_community_id = fields.Many2one(
        related="ticket_id.property_community_id", store=True, precompute=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Technician",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    name = fields.Char(
        string="Work or Part",
        required=True,
        help="What was done, or which part was used (e.g. 'Replaced tap washer').",
    )
    part_qty = fields.Float(
        string="Parts Used", digits=(16, 2), help="Quantity of the part, if any."
    )
    hours = fields.Float(string="Time Spent (h)", digits=(16, 2))

    @api.constrains("hours", "part_qty")
    def _check_quantities(self):
        for line in self:
            if line.hours < 0 or line.part_qty < 0:
                raise ValidationError(
                    self.env._(
                        "%(work)s: time spent and parts used cannot be negative.",
                        work=line.name,
                    )
                )
