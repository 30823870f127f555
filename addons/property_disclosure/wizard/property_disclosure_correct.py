from odoo import fields, models


class PropertyDisclosureCorrect(models.TransientModel):
    _name = "property.disclosure.correct"
    _description = "Correct a Published Disclosure"

    disclosure_id = fields.Many2one(
        "property.disclosure", required=True, readonly=True, ondelete="cascade"
    )
    reason = fields.Text(
        required=True,
        help="What the new version corrects and why; shown to the owners with "
        "both versions.",
    )

    def action_confirm(self):
        self.ensure_one()
        correction = self.disclosure_id._create_correction(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.disclosure",
            "res_id": correction.id,
            "view_mode": "form",
        }
