from odoo import api, fields, models
from odoo.exceptions import ValidationError

TRAINING_RESULTS = [
    ("passed", "Passed"),
    ("failed", "Failed"),
    ("absent", "Absent"),
]


class PropertyTraining(models.Model):
    _name = "property.training"
    _description = "Staff Training Record"
    _order = "date desc, id desc"
    _rec_name = "course"
    _check_company_auto = True

    course = fields.Char(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Attendee",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    community_id = fields.Many2one(
        "property.community",
        index=True,
        check_company=True,
        help="The community the attendee works for; empty for company-wide courses.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    trainer = fields.Char()
    hours = fields.Float(digits=(6, 1))
    result = fields.Selection(TRAINING_RESULTS, required=True, default="passed")
    score = fields.Float(digits=(5, 1), help="Test score out of 100, if any.")
    note = fields.Text()

    @api.constrains("score", "hours")
    def _check_values(self):
        for training in self:
            if not 0 <= training.score <= 100:
                raise ValidationError(
                    self.env._(
                        "%(course)s for %(user)s: a score lies between 0 and 100.",
                        course=training.course,
                        user=training.user_id.name,
                    )
                )
            if training.hours < 0:
                raise ValidationError(
                    self.env._(
                        "%(course)s for %(user)s: the hours cannot be negative.",
                        course=training.course,
                        user=training.user_id.name,
                    )
                )
