from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.property_base.tools import (
    check_action_fields,
    has_server_flag,
    with_server_flag,
)

from ..tools import BALLOT_CAST

BALLOT_CHOICES = [
    ("yes", "Yes"),
    ("no", "No"),
    ("abstain", "Abstain"),
]

BALLOT_CHANNELS = [
    ("portal", "Portal"),
    ("paper", "Paper Ballot"),
    ("meeting", "In Person at a Meeting"),
]

# Written only when the vote is announced (the ballot's unit and weight) or the
# ballot is cast, under the BALLOT_CAST server flag.
CAST_FIELDS = {
    "vote_id",
    "unit_id",
    "area",
    "choice",
    "channel",
    "cast_at",
    "cast_by_id",
    "recorded_by_id",
    "proof",
    "proof_filename",
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
    cast_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the owner voted: on the portal, or the date and time on the "
        "paper ballot or of the meeting.",
    )
    cast_by_id = fields.Many2one("res.partner", readonly=True, copy=False)
    recorded_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="The user who cast the ballot on the portal or recorded it from "
        "paper or a meeting.",
    )
    proof = fields.Binary(
        attachment=True,
        readonly=True,
        copy=False,
        help="Scan or photo of the signed paper ballot or meeting record.",
    )
    proof_filename = fields.Char(readonly=True, copy=False)

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
        if not has_server_flag(self, BALLOT_CAST):
            raise UserError(
                self.env._(
                    "Ballots are created when the vote is announced, one per unit "
                    "with an owner; none can be added otherwise."
                )
            )
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
        # Rights first: the checks below are no one else's business.
        self.check_access("write")
        check_action_fields(
            self,
            vals,
            CAST_FIELDS,
            BALLOT_CAST,
            lambda fields: self.env._(
                "A ballot is cast by its voter on the portal, or recorded "
                "from paper or a meeting with Record Ballot; its unit, area "
                "and choice cannot be written directly: %(fields)s.",
                fields=fields,
            ),
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

    def action_record(self):
        """Staff: record a ballot cast on paper or at a meeting, with its proof."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Ballot"),
            "res_model": "property.vote.ballot.record",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ballot_id": self.id},
        }

    def _cast_by_voter(self, choice):
        """The designated voter casts their ballots on the portal, now."""
        partner = self.env.user.partner_id
        self.check_access("read")
        if self.filtered(lambda b: b.voter_id != partner):
            raise AccessError(
                self.env._(
                    "Only the designated voter of a unit may cast its ballot. "
                    "Co-owners choose who votes at the property service desk."
                )
            )
        # The user reads these ballots and is their designated voter (checked
        # above); residents may not write ballots themselves.
        return self.sudo()._cast(choice, "portal", partner)

    def _cast(self, choice, channel, cast_by, cast_at=None, proof=None, filename=None):
        """Record the choice of each ballot; a ballot is final once cast.

        Callers check who casts: ``_cast_by_voter`` (portal) and the Record
        Ballot wizard (staff of the community, with the proof). ``cast_by``
        becomes the unit's voter: they must own the unit when they vote.
        """
        if choice not in dict(BALLOT_CHOICES):
            raise UserError(self.env._("Choose yes, no or abstain to cast the ballot."))
        if channel != "portal" and not proof:
            raise UserError(
                self.env._(
                    "Attach the scan or photo of the signed ballot or meeting "
                    "record: a ballot not cast on the portal needs its proof."
                )
            )
        now = fields.Datetime.now()
        cast_at = cast_at or now
        if cast_at > now:
            raise UserError(
                self.env._(
                    "The ballot is dated %(date)s, in the future. Enter when "
                    "the owner voted.",
                    date=fields.Datetime.context_timestamp(self, cast_at),
                )
            )
        day = fields.Datetime.context_timestamp(self, cast_at).date()
        for ballot in self:
            vote = ballot.vote_id
            if vote.state != "open" or not vote.date_start <= day <= vote.date_end:
                raise UserError(
                    self.env._(
                        "%(vote)s is not open for voting on %(day)s: owners vote "
                        "from %(start)s to %(end)s.",
                        vote=vote.name,
                        day=day,
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
            owners = ballot.unit_id._property_current_owners(day)
            if cast_by not in owners.get(ballot.unit_id.id, ()):
                raise UserError(
                    self.env._(
                        "%(partner)s did not own unit %(unit)s on %(day)s and "
                        "cannot vote for it. Choose one of its owners.",
                        partner=cast_by.display_name,
                        unit=ballot.unit_id.code,
                        day=day,
                    )
                )
        with_server_flag(self, BALLOT_CAST).write(
            {
                "voter_id": cast_by.id,
                "choice": choice,
                "channel": channel,
                "cast_at": cast_at,
                "cast_by_id": cast_by.id,
                "recorded_by_id": self.env.user.id,
                "proof": proof,
                "proof_filename": filename,
            }
        )
        return True
