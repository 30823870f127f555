from odoo import fields, models


class PropertyHelpdeskVisit(models.Model):
    _name = "property.helpdesk.visit"
    _description = "Return Visit"
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
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Resident")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Visited By",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    channel = fields.Selection(
        [("phone", "Phone Call"), ("visit", "Home Visit"), ("message", "Message")],
        required=True,
        default="phone",
    )
    result = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("neutral", "Neutral"),
            ("unsatisfied", "Unsatisfied"),
        ],
        required=True,
    )
    note = fields.Text(required=True, help="What the resident said.")
