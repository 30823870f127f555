from odoo import fields, models


class PropertyCommunity(models.Model):
    _inherit = "property.community"

    satisfaction_index = fields.Float(
        string="Satisfaction Index (%)",
        compute="_compute_satisfaction_index",
        digits=(5, 1),
        help="Average score of this year's satisfaction survey answers.",
    )
    satisfaction_answer_count = fields.Integer(
        string="Satisfaction Answers", compute="_compute_satisfaction_index"
    )

    def _compute_satisfaction_index(self):
        today = fields.Date.context_today(self)
        index = (
            self.env["property.satisfaction.report"]
            # sudo: figures over all answers of the communities the user reads.
            .sudo()
            ._satisfaction_index(
                self, today.replace(month=1, day=1), today.replace(month=12, day=31)
            )
        )
        for community in self:
            score, count = index.get(community.id, (0.0, 0))
            community.satisfaction_index = score
            community.satisfaction_answer_count = count
