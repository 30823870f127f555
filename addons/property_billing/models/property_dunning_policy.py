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


class PropertyDunningLevel(models.Model):
    _name = "property.dunning.level"
    _description = "Dunning Level"
    _order = "policy_id, sequence, id"

    policy_id = fields.Many2one(
        "property.dunning.policy", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    trigger = fields.Selection(
        [
            ("overdue", "Days Overdue"),
            ("previous", "Days After the Previous Level"),
        ],
        required=True,
        default="overdue",
    )
    days = fields.Integer(
        required=True,
        help="Days past the oldest due date, or past the previous level, before "
        "this level applies.",
    )
    min_amount = fields.Monetary(
        string="Minimum Amount",
        help="The level applies only when the payer owes at least this much.",
    )
    currency_id = fields.Many2one(related="policy_id.company_id.currency_id")
    action = fields.Selection(DUNNING_ACTIONS, required=True)
    template_id = fields.Many2one(
        "mail.template",
        domain="[('model', '=', 'property.dunning.case')]",
        help="The message sent to the payer at this level, in the payer's language.",
    )
    responsible = fields.Selection(RESPONSIBLES, required=True, default="collector")

    @api.constrains("days", "min_amount", "action", "template_id")
    def _check_level(self):
        for level in self:
            if level.days < 0 or level.min_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s: days and minimum amount are 0 or more.",
                        level=level.name,
                    )
                )
            if level.action == "message" and not level.template_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s sends a message: choose its template.",
                        level=level.name,
                    )
                )
