from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .property_dunning_policy import DUNNING_ACTIONS, RESPONSIBLES


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
