from odoo import fields, models

STAGES = [
    ("units", "Units"),
    ("residents", "Residents"),
    ("occupancies", "Occupancies"),
    ("contracts", "Contracts"),
    ("meters", "Meter Readings"),
    ("arrears", "Arrears"),
    ("withdrawn", "Withdrawn Arrears"),
    ("prepayments", "Prepayments"),
]


class PropertyMigrationBatch(models.Model):
    """The checked rows of one batch of an import, written by the scheduler
    in the order of ``sequence``, each batch in a transaction of its own."""

    _name = "property.migration.batch"
    _description = "Community Import Batch"
    _order = "sequence, id"

    import_id = fields.Many2one(
        "property.migration.import", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="import_id.company_id")
    sequence = fields.Integer(required=True)
    stage = fields.Selection(STAGES, required=True)
    row_count = fields.Integer(required=True)
    payload = fields.Json(help="The batch's rows, as plan_codec writes them.")
    done = fields.Boolean(index=True)
