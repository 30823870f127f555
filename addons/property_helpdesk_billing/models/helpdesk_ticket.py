from odoo import fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    property_charge_ids = fields.One2many(
        "property.billing.charge", "ticket_id", string="Charges to the Resident"
    )

    def action_property_charge(self):
        """Open a one-off charge for this repair, billed with the unit's next
        bill."""
        self.ensure_one()
        if not self.property_unit_id:
            raise UserError(
                self.env._("Only a repair inside a unit can be charged to its payer.")
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.billing.charge",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_unit_id": self.property_unit_id.id,
                "default_name": self.name,
                "default_origin": self.number,
            },
        }
