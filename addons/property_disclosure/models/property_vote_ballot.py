from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

BALLOT_CHOICES = [
    ("yes", "Yes"),
    ("no", "No"),
    ("abstain", "Abstain"),
]

BALLOT_CHANNELS = [
    ("portal", "Portal"),
    ("paper", "Paper Ballot"),
]


# Written only when a ballot is cast (or created with its vote).
CAST_FIELDS = {
    "choice",
    "channel",
    "cast_at",
    "recorded_by_id",
    "area",
    "unit_id",
    "vote_id",
}


class PropertyVoteBallot(models.Model):
    _name = "property.vote.ballot"
    _description = "Ballot"
    _order = "vote_id, unit_id, id"
    _rec_name = "unit_id"
    _check_company_auto = True

    vote_id = fields.Many2one(
        "property.vote", required=True, index=True, ondelete="cascade", readonly=True
    )
    community_id = fields.Many2one(
        related="vote_id.community_id", store=True, index=True
    )
    company_id = fields.Many2one(
        related="vote_id.company_id", store=True, index=True, precompute=True
    )
    vote_state = fields.Selection(related="vote_id.state")
    unit_id = fields.Many2one(
        "property.unit",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        check_company=True,
    )
    area = fields.Float(
        string="Gross Area (m²)",
        digits=(16, 2),
        readonly=True,
        help="Area of the unit when the vote was announced: its weight.",
    )
    voter_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        help="The owner who votes for the unit; co-owners designate one of them.",
    )
    choice = fields.Selection(BALLOT_CHOICES, readonly=True, copy=False)
    channel = fields.Selection(BALLOT_CHANNELS, readonly=True, copy=False)
    cast_at = fields.Datetime(readonly=True, copy=False)
    recorded_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        (
            "vote_unit_uniq",
            "unique(vote_id, unit_id)",
            "A unit has one ballot per vote: its owners designate one voter.",
        ),
    ]

    @api.constrains("voter_id", "unit_id")
    def _check_voter_is_owner(self):
        owners = self.unit_id._property_current_owners(fields.Date.context_today(self))
        for ballot in self:
            if ballot.voter_id not in owners.get(ballot.unit_id.id, ()):
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a current owner of unit %(unit)s. The "
                        "voter of a unit must be one of its owners.",
                        partner=ballot.voter_id.display_name,
                        unit=ballot.unit_id.code,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        ballots = super().create(vals_list)
        if ballots.vote_id.filtered(lambda v: v.state != "draft"):
            raise UserError(
                self.env._(
                    "Ballots are created when the vote is announced, one per unit "
                    "with an owner; none can be added afterwards."
                )
            )
        return ballots

    def write(self, vals):
        if set(vals) & CAST_FIELDS and not self.env.context.get("property_vote_cast"):
            raise UserError(
                self.env._(
                    "A ballot is cast with the Yes, No or Abstain buttons, or by "
                    "the owner in the portal; its unit, area and choice cannot be "
                    "written directly."
                )
            )
        if "voter_id" in vals and self.filtered(
            lambda b: b.choice or b.vote_id.state != "open"
        ):
            raise UserError(
                self.env._(
                    "The voter can only be changed while the vote is open and "
                    "before the ballot is cast."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_vote_announced(self):
        if self.filtered(lambda b: b.vote_id.state != "draft"):
            raise UserError(
                self.env._(
                    "Ballots of an announced vote are a record of the owners' "
                    "decision and cannot be deleted."
                )
            )

    def action_record_yes(self):
        return self._cast("yes", "paper")

    def action_record_no(self):
        return self._cast("no", "paper")

    def action_record_abstain(self):
        return self._cast("abstain", "paper")

    def _cast(self, choice, channel):
        """Record the choice of each ballot; a ballot is final once cast."""
        if choice not in dict(BALLOT_CHOICES):
            raise UserError(self.env._("Choose yes, no or abstain to cast the ballot."))
        today = fields.Date.context_today(self)
        for ballot in self:
            vote = ballot.vote_id
            if vote.state != "open" or not vote.date_start <= today <= vote.date_end:
                raise UserError(
                    self.env._(
                        "%(vote)s is not open for voting today: owners vote from "
                        "%(start)s to %(end)s.",
                        vote=vote.name,
                        start=vote.date_start,
                        end=vote.date_end,
                    )
                )
            if ballot.choice:
                raise UserError(
                    self.env._(
                        "The ballot of unit %(unit)s was already cast on %(date)s. "
                        "A ballot is final once cast.",
                        unit=ballot.unit_id.code,
                        date=ballot.cast_at,
                    )
                )
        self.with_context(property_vote_cast=True).write(
            {
                "choice": choice,
                "channel": channel,
                "cast_at": fields.Datetime.now(),
                "recorded_by_id": self.env.user.id,
            }
        )
        return True
