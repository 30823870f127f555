from odoo import fields, models


class PropertyBillingCharge(models.Model):
    _inherit = "property.billing.charge"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Service Ticket", index="btree_not_null"
    )
