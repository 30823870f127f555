from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.property_base.tools import (
    check_action_fields,
    with_server_flag,
)

from ..tools import (
    BALLOT_CAST,
    TECHNICAL_FIELDS,
    VOTE_ACTION,
    public_html,
)

VOTE_STATES = [
    ("draft", "Draft"),
    ("open", "Voting"),
    ("closed", "Closed"),
    ("published", "Result Published"),
    ("cancelled", "Cancelled"),
]

VOTE_RESULTS = [
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("no_quorum", "Not Enough Participation"),
]

# Units whose owners vote: the exclusive parts (专有部分) people live or trade in.
VOTING_UNIT_TYPES = ("residential", "commercial")

# Written by the vote's actions only (open, close, publish, cancel, apply the
# rates), under the VOTE_ACTION server flag, whatever the context a client sends.
ACTION_FIELDS = {
    "state",
    "result",
    "result_explanation",
    "closed_at",
    "fee_change_applied",
    "ballot_count",
    "total_area",
    "total_heads",
    "voted_area",
    "voted_heads",
    "yes_area",
    "yes_heads",
}

MANAGER_GROUP = "property_base.group_property_manager"


def _cents(area):
    """Areas in hundredths of m², as integers, so thresholds compare exactly."""
    return round(area * 100)


def _meets(value, total, numerator, denominator, strict):
    """``value / total`` reaches ``numerator / denominator`` (strictly above
    when ``strict``), in integer arithmetic."""
    if not total:
        return False
    left, right = value * denominator, total * numerator
    return left > right if strict else left >= right


class PropertyVote(models.Model):
    _name = "property.vote"
    _description = "Owners' Vote"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Proposal", required=True, translate=True, tracking=True)
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    matter_id = fields.Many2one(
        "property.vote.matter",
        string="Matter Type",
        required=True,
        ondelete="restrict",
        help="Sets the participation and approval thresholds (Civil Code art. 278).",
    )
    is_fee_change = fields.Boolean(related="matter_id.is_fee_change")
    state = fields.Selection(
        VOTE_STATES, required=True, default="draft", tracking=True, copy=False
    )
    justification = fields.Html(
        sanitize=True,
        sanitize_style=False,
        strip_style=True,
        help="Why the owners are asked: the reasons and figures behind the proposal.",
    )
    date_start = fields.Date(
        string="Voting From", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="Voting Until", required=True)
    effective_date = fields.Date(
        help="Fee changes: the date the proposed rates apply from, once approved."
    )
    rate_ids = fields.One2many(
        "property.vote.rate", "vote_id", string="Rates", copy=True
    )
    ballot_ids = fields.One2many("property.vote.ballot", "vote_id", string="Ballots")
    ballot_count = fields.Integer(compute="_compute_figures", store=True)
    total_area = fields.Float(
        string="Total Area (m²)", compute="_compute_figures", store=True, digits=(16, 2)
    )
    total_heads = fields.Integer(
        string="Total Owners", compute="_compute_figures", store=True
    )
    voted_area = fields.Float(
        string="Participating Area (m²)",
        compute="_compute_figures",
        store=True,
        digits=(16, 2),
    )
    voted_heads = fields.Integer(
        string="Participating Owners", compute="_compute_figures", store=True
    )
    yes_area = fields.Float(
        string="Approving Area (m²)",
        compute="_compute_figures",
        store=True,
        digits=(16, 2),
    )
    yes_heads = fields.Integer(
        string="Approving Owners", compute="_compute_figures", store=True
    )
    result = fields.Selection(VOTE_RESULTS, readonly=True, copy=False, tracking=True)
    result_explanation = fields.Text(readonly=True, copy=False)
    closed_at = fields.Datetime(readonly=True, copy=False)
    fee_change_applied = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="Set once a manager applied the approved rates (Apply Approved Rates).",
    )

    @api.depends(
        "ballot_ids.choice",
        "ballot_ids.area",
        "ballot_ids.voter_id",
    )
    def _compute_figures(self):
        for vote in self:
            figures = vote._count()
            vote.ballot_count = len(vote.ballot_ids)
            vote.total_area = figures["total_area"] / 100
            vote.voted_area = figures["voted_area"] / 100
            vote.yes_area = figures["yes_area"] / 100
            vote.total_heads = figures["total_heads"]
            vote.voted_heads = figures["voted_heads"]
            vote.yes_heads = figures["yes_heads"]

    def _compute_access_url(self):
        for vote in self:
            vote.access_url = f"/my/votes/{vote.id}"

    def _public_html(self, field_name):
        """The HTML of ``field_name`` as shown on the portal, sanitized again
        when rendered (it may have been stored under laxer rules)."""
        self.ensure_one()
        return public_html(self[field_name])

    @api.constrains("date_start", "date_end", "effective_date")
    def _check_dates(self):
        for vote in self:
            if vote.date_end < vote.date_start:
                raise ValidationError(
                    self.env._(
                        "%(vote)s: voting ends on %(end)s, before it starts on "
                        "%(start)s. Correct one of the dates.",
                        vote=vote.name,
                        end=vote.date_end,
                        start=vote.date_start,
                    )
                )
            if vote.effective_date and vote.effective_date <= vote.date_end:
                raise ValidationError(
                    self.env._(
                        "%(vote)s: the new rates cannot apply from %(date)s, before "
                        "the owners have voted. Choose an effective date after the "
                        "last voting day (%(end)s).",
                        vote=vote.name,
                        date=vote.effective_date,
                        end=vote.date_end,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_action_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        # Rights first: the checks below are no one else's business.
        self.check_access("write")
        self._check_action_fields(vals)
        if set(vals) - ACTION_FIELDS - TECHNICAL_FIELDS:
            self._check_proposal_editable()
        return super().write(vals)

    def _check_action_fields(self, vals):
        check_action_fields(
            self,
            vals,
            ACTION_FIELDS,
            VOTE_ACTION,
            lambda fields: self.env._(
                "The status, count and result of a vote change only through "
                "its buttons (announce, close and count, publish, cancel, "
                "apply the rates); they cannot be written directly: "
                "%(fields)s.",
                fields=fields,
            ),
        )

    def _check_proposal_editable(self):
        if self.filtered(lambda v: v.state != "draft"):
            raise UserError(
                self.env._(
                    "A proposal cannot be changed once announced to the owners. "
                    "Cancel it and start a new vote if it must change."
                )
            )

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        # Translations are written without write(): same rule as write().
        self._check_proposal_editable()
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_announced(self):
        if self.filtered(lambda v: v.state not in ("draft", "cancelled")):
            raise UserError(
                self.env._(
                    "A vote announced to the owners is a record of their decision "
                    "and cannot be deleted. Cancel it instead."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    #
    # Who may do what (record rules give staff the votes of their
    # communities, managers those of their companies):
    # - announce (action_open), publish the result, cancel a draft: staff;
    # - cast: the designated voter in the portal, or staff recording a paper
    #   or meeting ballot with its proof (property.vote.ballot.record);
    # - close: the scheduled action the day after the last voting day, or a
    #   manager after that day; cancel an open vote, apply approved rates:
    #   managers.
    # ------------------------------------------------------------------
    def _is_manager(self):
        return self.env.user.has_group(MANAGER_GROUP)

    def action_open(self):
        """Announce the proposal: one ballot per voting unit with an owner."""
        self.check_access("write")
        # Ballots are created by the announcement only.
        Ballot = with_server_flag(self.env["property.vote.ballot"], BALLOT_CAST)
        for vote in self:
            if vote.state != "draft":
                raise UserError(
                    self.env._("%(vote)s is already announced.", vote=vote.name)
                )
            if vote.is_fee_change and (not vote.rate_ids or not vote.effective_date):
                raise UserError(
                    self.env._(
                        "%(vote)s changes fees: list the current and proposed rates "
                        "and the effective date before announcing it.",
                        vote=vote.name,
                    )
                )
            units = self.env["property.unit"].search(
                [
                    ("community_id", "=", vote.community_id.id),
                    ("unit_type", "in", VOTING_UNIT_TYPES),
                ]
            )
            voters = units._property_default_voters(vote.date_start)
            if not voters:
                raise UserError(
                    self.env._(
                        "%(community)s has no unit with a current owner: record the "
                        "owners before announcing a vote.",
                        community=vote.community_id.name,
                    )
                )
            Ballot.create(
                [
                    {
                        "vote_id": vote.id,
                        "unit_id": unit.id,
                        "area": unit.area,
                        "voter_id": voters[unit.id].id,
                    }
                    for unit in units
                    if unit.id in voters
                ]
            )
            with_server_flag(vote, VOTE_ACTION).state = "open"
            vote.message_post(
                body=self.env._(
                    "Announced to the owners of %(count)s units; voting from "
                    "%(start)s to %(end)s.",
                    count=len(voters),
                    start=vote.date_start,
                    end=vote.date_end,
                )
            )
        return True

    def action_close(self):
        """Close and count before the scheduled action does (managers)."""
        if not self._is_manager():
            raise AccessError(
                self.env._(
                    "Only a property manager may close a vote by hand. Votes "
                    "close and are counted by themselves the day after their "
                    "last voting day."
                )
            )
        self.check_access("write")
        today = fields.Date.context_today(self)
        for vote in self:
            if vote.state != "open":
                raise UserError(
                    self.env._("%(vote)s is not open for voting.", vote=vote.name)
                )
            if today <= vote.date_end:
                raise UserError(
                    self.env._(
                        "%(vote)s: owners may vote until %(end)s. Close the vote "
                        "after that day.",
                        vote=vote.name,
                        end=vote.date_end,
                    )
                )
        self._close()
        return True

    @api.model
    def _cron_close_expired_votes(self):
        """Daily: close and count the open votes whose last day has passed."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "open"), ("date_end", "<", today)])._close()

    def _close(self):
        """Count the ballots and record the result. Callers check who closes."""
        for vote in self:
            figures = vote._count()
            verdict = vote._verdict(figures)
            with_server_flag(vote, VOTE_ACTION).write(
                {
                    "state": "closed",
                    "closed_at": fields.Datetime.now(),
                    "result": verdict["result"],
                    "result_explanation": vote._explain(figures, verdict),
                }
            )
            vote.message_post(body=vote.result_explanation)
            if vote.result == "approved" and vote.is_fee_change:
                vote.message_post(
                    body=self.env._(
                        "The owners approved the new rates. They wait for a "
                        "property manager to apply them (Apply Approved Rates) "
                        "from %(date)s.",
                        date=vote.effective_date,
                    )
                )

    def action_publish_result(self):
        self.check_access("write")
        if self.filtered(lambda v: v.state != "closed"):
            raise UserError(self.env._("Close the vote before publishing its result."))
        with_server_flag(self, VOTE_ACTION).write({"state": "published"})
        return True

    def action_cancel(self):
        """Staff cancel a draft; once owners may vote, only a manager cancels."""
        self.check_access("write")
        if self.filtered(lambda v: v.state not in ("draft", "open")):
            raise UserError(
                self.env._("A closed vote has a result and cannot be cancelled.")
            )
        if self.filtered(lambda v: v.state == "open") and not self._is_manager():
            raise AccessError(
                self.env._(
                    "Owners may already have voted: only a property manager may "
                    "cancel an open vote. Ask a manager to cancel it."
                )
            )
        with_server_flag(self, VOTE_ACTION).write({"state": "cancelled"})
        return True

    def action_apply_fee_change(self):
        """Apply the rates the owners approved, from the effective date."""
        if not self._is_manager():
            raise AccessError(
                self.env._(
                    "Only a property manager may apply the rates approved by "
                    "the owners. Ask a manager to apply them."
                )
            )
        self.check_access("write")
        for vote in self:
            if not (
                vote.is_fee_change
                and vote.state in ("closed", "published")
                and vote.result == "approved"
            ):
                raise UserError(
                    self.env._(
                        "%(vote)s: only the rates of a closed fee-change vote that "
                        "the owners approved can be applied.",
                        vote=vote.name,
                    )
                )
            if vote.fee_change_applied:
                raise UserError(
                    self.env._(
                        "%(vote)s: the approved rates were already applied.",
                        vote=vote.name,
                    )
                )
        self._apply_approved_fee_change()
        with_server_flag(self, VOTE_ACTION).write({"fee_change_applied": True})
        for vote in self:
            vote.message_post(
                body=self.env._(
                    "Approved rates applied from %(date)s by %(user)s.",
                    date=vote.effective_date,
                    user=self.env.user.name,
                )
            )
        return True

    def action_view_ballots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_disclosure.property_vote_ballot_action"
        )
        action["domain"] = [("vote_id", "=", self.id)]
        action["context"] = {"property_vote_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Arithmetic
    # ------------------------------------------------------------------
    def _count(self):
        """Figures of the vote, areas in hundredths of m² (integers).

        Owners are counted by head once each, whatever the number of their
        units; an owner counts as participating when any of their ballots is
        cast and as approving when the ballot of their largest unit says yes.
        """
        self.ensure_one()
        figures = dict.fromkeys(
            (
                "total_area",
                "voted_area",
                "yes_area",
                "total_heads",
                "voted_heads",
                "yes_heads",
            ),
            0,
        )
        by_voter = {}
        for ballot in self.ballot_ids:
            area = _cents(ballot.area)
            figures["total_area"] += area
            if ballot.choice:
                figures["voted_area"] += area
            if ballot.choice == "yes":
                figures["yes_area"] += area
            by_voter.setdefault(ballot.voter_id, []).append(ballot)
        for ballots in by_voter.values():
            figures["total_heads"] += 1
            cast = [b for b in ballots if b.choice]
            if cast:
                figures["voted_heads"] += 1
                largest = max(cast, key=lambda b: (b.area, -b.id))
                if largest.choice == "yes":
                    figures["yes_heads"] += 1
        return figures

    def _verdict(self, figures):
        self.ensure_one()
        matter = self.matter_id
        part = (matter.participation_numerator, matter.participation_denominator)
        appr = (matter.approval_numerator, matter.approval_denominator)
        checks = {
            "participation_area": _meets(
                figures["voted_area"], figures["total_area"], *part, False
            ),
            "participation_heads": _meets(
                figures["voted_heads"], figures["total_heads"], *part, False
            ),
            "approval_area": _meets(
                figures["yes_area"],
                figures["voted_area"],
                *appr,
                matter.approval_strict,
            ),
            "approval_heads": _meets(
                figures["yes_heads"],
                figures["voted_heads"],
                *appr,
                matter.approval_strict,
            ),
        }
        if not (checks["participation_area"] and checks["participation_heads"]):
            result = "no_quorum"
        elif checks["approval_area"] and checks["approval_heads"]:
            result = "approved"
        else:
            result = "rejected"
        return {"result": result, **checks}

    def _explain(self, figures, verdict):
        """The figures against each threshold, in words owners can check."""
        self.ensure_one()
        matter = self.matter_id
        part = f"{matter.participation_numerator}/{matter.participation_denominator}"
        appr = f"{matter.approval_numerator}/{matter.approval_denominator}"
        at_least = self.env._("at least")
        more_than = self.env._("more than")
        appr_word = more_than if matter.approval_strict else at_least
        met, missed = self.env._("met"), self.env._("not met")

        def pct(value, total):
            return "%.2f" % (value / total * 100) if total else "0.00"

        voted_area = "%.2f" % (figures["voted_area"] / 100)
        total_area = "%.2f" % (figures["total_area"] / 100)
        yes_area = "%.2f" % (figures["yes_area"] / 100)
        voted_area_pct = pct(figures["voted_area"], figures["total_area"])
        voted_heads_pct = pct(figures["voted_heads"], figures["total_heads"])
        yes_area_pct = pct(figures["yes_area"], figures["voted_area"])
        yes_heads_pct = pct(figures["yes_heads"], figures["voted_heads"])
        lines = [
            self.env._(
                "Participation by area: %(value)s of %(total)s m² (%(pct)s %%), "
                "needed %(op)s %(fraction)s: %(met)s.",
                value=voted_area,
                total=total_area,
                pct=voted_area_pct,
                op=at_least,
                fraction=part,
                met=met if verdict["participation_area"] else missed,
            ),
            self.env._(
                "Participation by owners: %(value)s of %(total)s (%(pct)s %%), "
                "needed %(op)s %(fraction)s: %(met)s.",
                value=figures["voted_heads"],
                total=figures["total_heads"],
                pct=voted_heads_pct,
                op=at_least,
                fraction=part,
                met=met if verdict["participation_heads"] else missed,
            ),
            self.env._(
                "Approval by area: %(value)s of %(total)s participating m² "
                "(%(pct)s %%), needed %(op)s %(fraction)s: %(met)s.",
                value=yes_area,
                total=voted_area,
                pct=yes_area_pct,
                op=appr_word,
                fraction=appr,
                met=met if verdict["approval_area"] else missed,
            ),
            self.env._(
                "Approval by owners: %(value)s of %(total)s participating owners "
                "(%(pct)s %%), needed %(op)s %(fraction)s: %(met)s.",
                value=figures["yes_heads"],
                total=figures["voted_heads"],
                pct=yes_heads_pct,
                op=appr_word,
                fraction=appr,
                met=met if verdict["approval_heads"] else missed,
            ),
        ]
        results = dict(self._fields["result"]._description_selection(self.env))
        lines.append(
            self.env._("Result: %(result)s.", result=results[verdict["result"]])
        )
        return "\n".join(lines)

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    def _apply_approved_fee_change(self):
        """Hook: hand the approved rates of fee-change votes over to billing.

        Called by ``action_apply_fee_change`` once per vote, after a manager's
        check, and before the vote is marked applied. This module has nothing
        to apply; a glue module (e.g. property_billing_disclosure) extends it to
        add each ``rate_ids`` line's ``proposed_rate`` to the fee its
        ``res_model``/``res_id`` points to, from ``effective_date``.
        """
        return True
