import base64

from odoo import api, fields, models

from odoo.addons.property_base.tools import check_uploads

from ..models.property_vote_ballot import BALLOT_CHOICES


class PropertyVoteBallotRecord(models.TransientModel):
    """Staff record a ballot the owner cast on paper or at a meeting: who
    voted, when, how, and the scan or photo of the signed ballot."""

    _name = "property.vote.ballot.record"
    _description = "Record a Paper or Meeting Ballot"

    ballot_id = fields.Many2one(
        "property.vote.ballot", required=True, readonly=True, ondelete="cascade"
    )
    unit_id = fields.Many2one(related="ballot_id.unit_id")
    owner_ids = fields.Many2many("res.partner", compute="_compute_owner_ids")
    voter_id = fields.Many2one(
        "res.partner",
        string="Cast By",
        required=True,
        compute="_compute_voter_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('id', 'in', owner_ids)]",
        help="The owner who signed the ballot or voted at the meeting; by "
        "default the unit's designated voter.",
    )
    choice = fields.Selection(BALLOT_CHOICES, required=True)
    channel = fields.Selection(
        [("paper", "Paper Ballot"), ("meeting", "In Person at a Meeting")],
        required=True,
        default="paper",
    )
    cast_at = fields.Datetime(
        string="Voted On",
        required=True,
        default=fields.Datetime.now,
        help="The date and time on the paper ballot, or of the meeting.",
    )
    # Required in the form; _cast says what is missing if a client omits it.
    proof = fields.Binary(
        help="Scan or photo of the signed ballot or meeting record (image or PDF).",
    )
    proof_filename = fields.Char()

    @api.depends("ballot_id")
    def _compute_owner_ids(self):
        for wizard in self:
            unit = wizard.ballot_id.unit_id
            owners = unit._property_current_owners(fields.Date.context_today(self))
            wizard.owner_ids = owners.get(unit.id, self.env["res.partner"])

    @api.depends("ballot_id")
    def _compute_voter_id(self):
        for wizard in self:
            wizard.voter_id = wizard.ballot_id.voter_id

    def action_confirm(self):
        self.ensure_one()
        ballot = self.ballot_id
        # Staff of the vote's community only (record rules on the ballot).
        ballot.check_access("write")
        filename = self.proof_filename or "proof"
        if self.proof:
            check_uploads(self.env, [(filename, base64.b64decode(self.proof))])
        ballot._cast(
            self.choice,
            self.channel,
            self.voter_id,
            cast_at=self.cast_at,
            proof=self.proof,
            filename=filename,
        )
        return {"type": "ir.actions.act_window_close"}
