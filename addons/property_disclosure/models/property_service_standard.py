from odoo import fields, models

SERVICE_KINDS = [
    ("cleaning", "Cleaning"),
    ("security", "Security"),
    ("greening", "Greening"),
    ("facility", "Facility Maintenance"),
    ("elevator", "Elevator"),
    ("customer", "Customer Service"),
    ("other", "Other"),
]


class PropertyServiceStandard(models.Model):
    _name = "property.service.standard"
    _description = "Service Standard"
    _order = "community_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Service Item", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    kind = fields.Selection(SERVICE_KINDS, required=True, default="cleaning")
    standard = fields.Text(
        required=True,
        translate=True,
        help="What is done and to which quality, e.g. stairs swept and mopped, "
        "handrails wiped.",
    )
    frequency = fields.Char(
        required=True,
        translate=True,
        help="How often, e.g. daily, every 2 hours, every 15 days.",
    )
    responsible = fields.Char(
        string="Responsible Person", required=True, help="Name shown to owners."
    )
    contact = fields.Char(help="Phone number owners may call.")
