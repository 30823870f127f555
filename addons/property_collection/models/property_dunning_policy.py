from odoo import api, fields, models
from odoo.exceptions import ValidationError

SEGMENTS = [
    ("gentle", "Good Payer"),
    ("standard", "Occasional Delays"),
    ("firm", "Chronic or Large Arrears"),
]

# Only lawful steps exist (PRC Civil Code art. 944): no level can cut water,
# power, heating or gas, or lock anyone out; a selection cannot be extended
# from the user interface.
DUNNING_ACTIONS = [
    ("message", "Message by the Preferred Channel"),
    ("phone", "Phone Call by a Collector"),
    ("visit", "Home Visit by the Manager"),
    ("demand_letter", "Formal Written Demand (催告函)"),
    ("legal", "Hand Over to Legal"),
]

RESPONSIBLES = [
    ("collector", "Collector"),
    ("manager", "Community Manager"),
    ("legal", "Legal Officer"),
]


class PropertyDunningPolicy(models.Model):
    _name = "property.dunning.policy"
    _description = "Dunning Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    segment = fields.Selection(
        SEGMENTS,
        required=True,
        help="Payers of this segment follow this policy, unless a manager chose "
        "another one for them.",
    )
    level_ids = fields.One2many(
        "property.dunning.level", "policy_id", string="Levels", copy=True
    )

    @api.constrains("level_ids")
    def _check_levels(self):
        for policy in self:
            if not policy.level_ids:
                raise ValidationError(
                    self.env._(
                        "The policy %(policy)s needs at least one level.",
                        policy=policy.name,
                    )
                )
