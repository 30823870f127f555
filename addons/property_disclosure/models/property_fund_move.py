from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

FUND_MOVE_TYPES = [
    ("contribution", "Contribution"),
    ("interest", "Interest"),
    ("use", "Approved Use"),
]

FUND_MOVE_STATES = [
    ("draft", "Draft"),
    ("posted", "Posted"),
]


class PropertyFundMove(models.Model):
    """A line of the special maintenance fund (专项维修资金) ledger."""

    _name = "property.fund.move"
    _description = "Maintenance Fund Entry"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Description", required=True)
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    building_id = fields.Many2one(
        "property.building",
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('community_id', '=?', community_id)]",
        help="Empty for the community-wide part of the fund.",
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    move_type = fields.Selection(
        FUND_MOVE_TYPES, string="Type", required=True, default="contribution"
    )
    amount = fields.Monetary(required=True)
    amount_signed = fields.Monetary(
        string="Amount (Signed)", compute="_compute_amount_signed", store=True
    )
    vote_id = fields.Many2one(
        "property.vote",
        string="Approving Vote",
        ondelete="restrict",
        check_company=True,
        domain="[('community_id', '=', community_id), ('result', '=', 'approved'), "
        "('matter_id.is_fund_use', '=', True)]",
        help="Uses need the owners' approval: the vote that approved this use.",
    )
    state = fields.Selection(
        FUND_MOVE_STATES, required=True, default="draft", copy=False
    )

    @api.depends("amount", "move_type")
    def _compute_amount_signed(self):
        for move in self:
            sign = -1 if move.move_type == "use" else 1
            move.amount_signed = sign * move.amount

    @api.constrains("amount")
    def _check_amount(self):
        for move in self:
            if float_compare(move.amount, 0, precision_digits=2) <= 0:
                raise ValidationError(
                    self.env._(
                        "%(name)s: enter an amount above zero; the type says "
                        "whether money comes in or goes out.",
                        name=move.name,
                    )
                )

    @api.constrains("building_id", "community_id")
    def _check_building(self):
        for move in self.filtered("building_id"):
            if move.building_id.community_id != move.community_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s: building %(building)s is not in %(community)s.",
                        name=move.name,
                        building=move.building_id.display_name,
                        community=move.community_id.name,
                    )
                )

    def write(self, vals):
        if self.filtered(lambda m: m.state == "posted"):
            raise UserError(
                self.env._(
                    "A posted fund entry cannot be changed: post a correcting "
                    "entry instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if self.filtered(lambda m: m.state == "posted"):
            raise UserError(
                self.env._(
                    "A posted fund entry is part of the ledger and cannot be "
                    "deleted: post a correcting entry instead."
                )
            )

    def action_post(self):
        for move in self.filtered(lambda m: m.state == "draft").sorted("date"):
            if move.move_type == "use":
                move._check_use()
            move.state = "posted"
        return True

    def _check_use(self):
        self.ensure_one()
        vote = self.vote_id
        if not (
            vote
            and vote.community_id == self.community_id
            and vote.result == "approved"
            and vote.matter_id.is_fund_use
        ):
            raise UserError(
                self.env._(
                    "%(name)s: a use of the maintenance fund needs the owners' "
                    "approval. Choose the approved maintenance-fund vote that "
                    "authorises it.",
                    name=self.name,
                )
            )
        balance = self.community_id._fund_balances(self.date).get(self.building_id, 0.0)
        if float_compare(self.amount, balance, precision_digits=2) > 0:
            raise UserError(
                self.env._(
                    "%(name)s: the fund holds %(balance)s for %(scope)s on "
                    "%(date)s, less than the %(amount)s to use. Lower the amount "
                    "or record the contributions first.",
                    name=self.name,
                    balance=balance,
                    scope=self.building_id.display_name or self.community_id.name,
                    date=self.date,
                    amount=self.amount,
                )
            )
