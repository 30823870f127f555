from odoo import fields, models


class PropertyDisclosureRead(models.Model):
    _name = "property.disclosure.read"
    _description = "Disclosure Read by a Resident"
    _order = "first_read_at desc, id desc"

    disclosure_id = fields.Many2one(
        "property.disclosure", required=True, index=True, ondelete="cascade"
    )
    community_id = fields.Many2one(
        related="disclosure_id.community_id", store=True, index=True
    )
    company_id = fields.Many2one(
        related="disclosure_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Resident", required=True, index=True, ondelete="cascade"
    )
    first_read_at = fields.Datetime(string="First Read", required=True)
    acknowledged_at = fields.Datetime(string="Acknowledged")

    _sql_constraints = [
        (
            "disclosure_partner_uniq",
            "unique(disclosure_id, partner_id)",
            "A resident's reading of a disclosure is recorded once.",
        ),
    ]
