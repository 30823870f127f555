from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.property_base.tools import has_server_flag

# Set by property.vote._apply_approved_fee_change: the rates it creates.
VOTE_RATE = "property_billing_disclosure_vote_rate"


class PropertyFeeRate(models.Model):
    _inherit = "property.fee.rate"

    vote_id = fields.Many2one(
        "property.vote",
        string="Owners' Vote",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The owners' vote that approved this rate: it cannot be changed.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # A client may also send the vote as a default in the context.
        if not has_server_flag(self, VOTE_RATE) and (
            self.env.context.get("default_vote_id")
            or any(vals.get("vote_id") for vals in vals_list)
        ):
            raise UserError(
                self.env._(
                    "A rate comes from an owners' vote only when a manager applies "
                    "the approved rates of the vote (Apply Approved Rates)."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_not_voted()
        if "vote_id" in vals:
            raise UserError(
                self.env._(
                    "A rate comes from an owners' vote only when a manager applies "
                    "the approved rates of the vote (Apply Approved Rates)."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_voted(self):
        self._check_not_voted()

    def _check_not_voted(self):
        voted = self.filtered("vote_id")
        if voted:
            raise UserError(
                self.env._(
                    "The rate of %(fee)s from %(date)s was approved by the owners' "
                    "vote %(vote)s: it cannot be changed or deleted. A new rate "
                    "from a later date replaces it.",
                    fee=voted[0].fee_type_id.display_name,
                    date=voted[0].date_from,
                    vote=voted[0].vote_id.display_name,
                )
            )
