from odoo import fields, models


class PropertyDunningCase(models.Model):
    _inherit = "property.dunning.case"

    dispute_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Hold for Complaint",
        readonly=True,
        help="The complaint whose fee objection holds this case.",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Disputed Service",
        compute="_compute_ticket_ids",
        help="The payer's complaints that object to the fees: the reasons behind "
        "a refusal to pay.",
    )

    def _compute_ticket_ids(self):
        for case in self:
            case.ticket_ids = self.env["helpdesk.ticket"].search(
                [
                    ("partner_id", "=", case.partner_id.id),
                    ("property_fee_dispute", "=", True),
                ]
            )
