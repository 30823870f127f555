from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

FREQUENCIES = {"monthly": 1, "bimonthly": 2, "quarterly": 3}
# What a manager approves: fixed once the agreement runs.
APPROVED_TERMS = {
    "partner_id",
    "company_id",
    "community_id",
    "move_ids",
    "down_payment",
    "installment_count",
    "first_date",
    "frequency",
    "grace_days",
    "waive_late_fees",
}


class PropertyInstallmentAgreement(models.Model):
    """A hardship plan (分期协议): a payer's overdue bills rescheduled into
    installments. Approved by a manager, it replaces the covered receivables by
    one receivable per installment with its own due date, reconciled against
    the originals: the payer's balance does not change, the aging does."""

    _name = "property.installment.agreement"
    _description = "Installment Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    community_id = fields.Many2one("property.community", index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("active", "Running"),
            ("completed", "Completed"),
            ("defaulted", "Defaulted"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    reason = fields.Selection(
        [("illness", "Illness"), ("unemployment", "Unemployment"), ("other", "Other")],
        required=True,
        tracking=True,
    )
    reason_note = fields.Text(string="Circumstances")
    evidence_ids = fields.Many2many("ir.attachment", string="Supporting Documents")
    move_ids = fields.Many2many(
        "account.move",
        string="Covered Bills",
        check_company=True,
        domain="[('partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'), "
        "('state', '=', 'posted'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    amount_total = fields.Monetary(
        string="Covered Debt", compute="_compute_amount_total", store=True
    )
    down_payment = fields.Monetary()
    installment_count = fields.Integer(string="Installments", default=6)
    first_date = fields.Date(string="First Installment", required=True)
    frequency = fields.Selection(
        [
            ("monthly", "Monthly"),
            ("bimonthly", "Every Two Months"),
            ("quarterly", "Quarterly"),
        ],
        required=True,
        default="monthly",
    )
    grace_days = fields.Integer(
        default=10, help="Days after an installment's due date before it is missed."
    )
    waive_late_fees = fields.Boolean(
        string="Waive Late Fees on Completion",
        help="When every installment is paid, the payer's remaining late fees are "
        "waived.",
    )
    line_ids = fields.One2many(
        "property.installment.line", "agreement_id", string="Schedule", readonly=True
    )
    move_id = fields.Many2one(
        "account.move", string="Rescheduling Entry", readonly=True, copy=False
    )
    amount_paid = fields.Monetary(compute="_compute_amount_paid")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    # Not on the bills' residual: every payment would look up the agreements
    # of the bills it touches. Drafts are recomputed on submit and on reset.
    @api.depends("move_ids", "state")
    def _compute_amount_total(self):
        for agreement in self:
            if agreement.state in ("draft", "to_approve"):
                agreement.amount_total = sum(
                    agreement.move_ids.mapped("amount_residual")
                )

    @api.depends("line_ids.amount_residual")
    def _compute_amount_paid(self):
        for agreement in self:
            agreement.amount_paid = sum(agreement.line_ids.mapped("amount")) - sum(
                agreement.line_ids.mapped("amount_residual")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "property.installment.agreement"
                )
        return super().create(vals_list)

    def write(self, vals):
        if APPROVED_TERMS.intersection(vals):
            approved = self.filtered(
                lambda a: a.state in ("active", "completed", "defaulted")
            )
            if approved:
                raise UserError(
                    self.env._(
                        "%(name)s was approved with its terms: they no longer "
                        "change. If the payer needs new terms, draft a new "
                        "agreement once this one has completed or defaulted.",
                        name=approved[0].name,
                    )
                )
        return super().write(vals)

    @api.constrains("installment_count", "down_payment", "grace_days", "move_ids")
    def _check_terms(self):
        for agreement in self:
            if agreement.installment_count < 1 or agreement.grace_days < 0:
                raise ValidationError(
                    self.env._(
                        "An agreement has at least one installment and 0 or more "
                        "grace days."
                    )
                )
            if agreement.down_payment < 0 or (
                agreement.move_ids
                and agreement.currency_id.compare_amounts(
                    agreement.down_payment, agreement.amount_total
                )
                >= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The down payment is 0 or more and less than the covered debt."
                    )
                )
            if agreement.move_ids.partner_id - agreement.partner_id:
                raise ValidationError(
                    self.env._("An agreement covers only its payer's own bills.")
                )

    # ------------------------------------------------------------------
    # Schedule
    # ------------------------------------------------------------------
    def _schedule(self):
        """``[(due date, amount)]``: the down payment (due on the first date)
        then equal installments, the last one taking the rounding so that they
        sum exactly to the covered debt."""
        self.ensure_one()
        currency = self.currency_id
        rest = currency.round(self.amount_total - self.down_payment)
        installment = currency.round(rest / self.installment_count)
        months = FREQUENCIES[self.frequency]
        schedule = []
        if self.down_payment:
            schedule.append((self.first_date, currency.round(self.down_payment)))
        for index in range(self.installment_count):
            date = self.first_date + relativedelta(months=months * index)
            amount = (
                installment
                if index < self.installment_count - 1
                else currency.round(rest - installment * (self.installment_count - 1))
            )
            schedule.append((date, amount))
        return schedule

    def action_submit(self):
        self._compute_amount_total()
        for agreement in self:
            if agreement.state != "draft":
                raise UserError(self.env._("Only a draft agreement is submitted."))
            if not agreement.move_ids:
                raise UserError(
                    self.env._("Choose the overdue bills the agreement covers.")
                )
            if agreement.first_date < fields.Date.context_today(self):
                raise UserError(
                    self.env._("The first installment is due today or later.")
                )
        self.state = "to_approve"

    def action_approve(self):
        if not self.env.user.has_group("property_base.group_property_manager"):
            raise AccessError(
                self.env._("A property manager approves installment agreements.")
            )
        for agreement in self:
            if agreement.state != "to_approve":
                raise UserError(self.env._("Submit the agreement before approving it."))
            agreement._reschedule()
            agreement.write({"state": "active", "approved_by_id": self.env.user.id})
            agreement._hold_dunning()

    def _reschedule(self):
        """One journal entry: credit the covered receivables, debit one
        receivable per installment; then reconcile the credit with the
        originals."""
        self.ensure_one()
        originals = self.move_ids.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        total = sum(originals.mapped("amount_residual"))
        if self.currency_id.compare_amounts(total, self.amount_total):
            raise UserError(
                self.env._(
                    "The covered bills changed since the agreement was drafted: "
                    "reset it to draft and check the amounts."
                )
            )
        account = originals.account_id[:1]
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.company_id.id)],
            limit=1,
        )
        label = self.env._("Installment agreement %(name)s", name=self.name)
        schedule = self._schedule()
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": fields.Date.context_today(self),
                "ref": label,
                "property_installment_agreement_id": self.id,
                "line_ids": [
                    Command.create(
                        {
                            "account_id": account.id,
                            "partner_id": self.partner_id.id,
                            "name": label,
                            "credit": total,
                        }
                    ),
                    *[
                        Command.create(
                            {
                                "account_id": account.id,
                                "partner_id": self.partner_id.id,
                                "name": self.env._(
                                    "%(label)s, installment %(number)s",
                                    label=label,
                                    number=number,
                                ),
                                "debit": amount,
                                "date_maturity": date,
                            }
                        )
                        for number, (date, amount) in enumerate(schedule, start=1)
                    ],
                ],
            }
        )
        move.action_post()
        (originals | move.line_ids.filtered("credit")).reconcile()
        debits = move.line_ids.filtered("debit").sorted("date_maturity")
        self.line_ids = [
            Command.create({"move_line_id": line.id, "sequence": index})
            for index, line in enumerate(debits)
        ]
        self.move_id = move

    def _dunning_case(self):
        return self.env["property.dunning.case"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "closed"),
            ],
            limit=1,
        )

    def _hold_dunning(self):
        for agreement in self:
            case = agreement._dunning_case()
            last = max(agreement.line_ids.mapped("date_due"))
            if case:
                case.action_hold(
                    "installment",
                    self.env._(
                        "Installment agreement %(name)s is being kept.",
                        name=agreement.name,
                    ),
                    last + timedelta(days=agreement.grace_days),
                )

    def _release_dunning(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            case = agreement._dunning_case()
            if case.hold_type == "installment":
                case._log("hold_end", today, case.hold_reason)
                case.write(
                    {"hold_type": False, "hold_reason": False, "hold_until": False}
                )

    def action_cancel(self):
        if self.filtered(lambda a: a.state not in ("draft", "to_approve")):
            raise UserError(
                self.env._(
                    "An approved agreement is not cancelled: it completes or defaults."
                )
            )
        self.state = "cancel"

    def action_draft(self):
        self.filtered(lambda a: a.state in ("to_approve", "cancel")).state = "draft"

    # ------------------------------------------------------------------
    # Follow-up
    # ------------------------------------------------------------------
    @api.model
    def _cron_follow_up(self):
        self.search([("state", "=", "active")])._follow_up(
            fields.Date.context_today(self)
        )

    def _follow_up(self, date):
        """Settle installments with the payer's credit, then complete the
        agreements paid in full and default those with a missed installment."""
        for agreement in self.filtered(lambda a: a.state == "active"):
            agreement._apply_credit()
            open_lines = agreement.line_ids.filtered(lambda line: line.amount_residual)
            if not open_lines:
                agreement._complete(date)
            elif any(
                line.date_due + timedelta(days=agreement.grace_days) < date
                for line in open_lines
            ):
                agreement._default(date)

    def _apply_credit(self):
        self.ensure_one()
        credits = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("account_id", "in", self.line_ids.move_line_id.account_id.ids),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
            ],
            order="date, id",
        )
        for line in self.line_ids.move_line_id.sorted("date_maturity"):
            available = credits.filtered(lambda credit: not credit.reconciled)
            if not available:
                break
            if not line.reconciled:
                (line | available).reconcile()

    def _complete(self, date):
        self.state = "completed"
        self._release_dunning()
        if self.waive_late_fees:
            late_fees = self.env["account.move"].search(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("property_is_late_fee", "=", True),
                    ("state", "=", "posted"),
                    ("payment_state", "=", "not_paid"),
                ]
            )
            if late_fees:
                # sudo: waiving is a manager's; a manager approved this agreement
                # with its late fees waived (action_approve checks the group,
                # write() keeps staff from changing the approved terms).
                late_fees.sudo().action_property_waive_late_fee(
                    self.env._(
                        "Installment agreement %(name)s completed.", name=self.name
                    )
                )
        self.message_post(
            body=self.env._("Every installment is paid: the agreement is completed.")
        )

    def _default(self, date):
        self.state = "defaulted"
        self._release_dunning()
        manager = self.community_id.manager_id or self.env.user
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=date,
            summary=self.env._("Installment missed: the agreement has defaulted"),
            user_id=manager.id,
        )
        self.message_post(
            body=self.env._(
                "An installment was not paid within the grace days: the agreement "
                "has defaulted and dunning resumes on what is left."
            )
        )
