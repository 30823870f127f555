from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_amount

from .property_dunning_policy import SEGMENTS


class ResPartner(models.Model):
    _inherit = "res.partner"

    property_dunning_segment = fields.Selection(
        SEGMENTS,
        string="Payer Segment",
        compute="_compute_property_dunning_segment",
        compute_sudo=True,
    )
    property_dunning_segment_reason = fields.Text(
        string="Why This Segment",
        compute="_compute_property_dunning_segment",
        compute_sudo=True,
    )
    property_dunning_policy_id = fields.Many2one(
        "property.dunning.policy",
        string="Dunning Policy Override",
        copy=False,
        groups="property_base.group_property_manager",
        help="Set by a manager: this payer follows this policy whatever the segment.",
    )
    property_dunning_override_reason = fields.Text(
        string="Override Reason",
        copy=False,
        groups="property_base.group_property_manager",
    )

    def _compute_property_dunning_segment(self):
        """From the payer's latest dunning case in the current company."""
        latest = {}
        for case in self.env["property.dunning.case"].search(
            [
                ("partner_id", "in", self.ids),
                ("company_id", "=", self.env.company.id),
            ],
            order="id desc",
        ):
            latest.setdefault(case.partner_id.id, case)
        for partner in self:
            case = latest.get(partner.id)
            partner.property_dunning_segment = case.segment if case else False
            partner.property_dunning_segment_reason = (
                case.segment_reason if case else False
            )

    @api.constrains("property_dunning_policy_id", "property_dunning_override_reason")
    def _check_dunning_override(self):
        # sudo: validates, returns nothing; staff saving a partner cannot read
        # these manager-only fields, which only managers can write (groups=).
        for partner in self.sudo():
            if (
                partner.property_dunning_policy_id
                and not partner.property_dunning_override_reason
            ):
                raise ValidationError(
                    self.env._(
                        "%(payer)s: give the reason for choosing the dunning policy "
                        "by hand.",
                        payer=partner.display_name,
                    )
                )

    def _property_after_payment(self):
        res = super()._property_after_payment()
        self._property_pay_installments()
        return res

    def _property_pay_installments(self):
        """Settle the installments of running agreements with the payers'
        credit (a counter or online payment), whichever community they are
        in."""
        self.env["account.payment"].check_access("create")
        # sudo: only who may register payments settles (checked above); the
        # cashier may not work on every community of the payer's agreements.
        agreements = (
            self.env["property.installment.agreement"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("state", "=", "active")])
        )
        for agreement in agreements:
            agreement._apply_credit()

    def _property_payment_history(self, date):
        """``{partner_id: (bills paid late, most days late)}`` over the last
        year, from the reconciliations of their fee bills: one query."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.partner_id,
                       COUNT(DISTINCT l.move_id)
                           FILTER (WHERE p.max_date > l.date_maturity),
                       COALESCE(MAX(p.max_date - l.date_maturity), 0)
                  FROM account_partial_reconcile p
                  JOIN account_move_line l ON l.id = p.debit_move_id
                  JOIN account_move m ON m.id = l.move_id
                 WHERE l.partner_id = ANY(%(partners)s)
                   AND m.move_type = 'out_invoice'
                   AND (m.property_unit_id IS NOT NULL OR m.property_is_late_fee)
                   AND l.date_maturity >= %(since)s
                 GROUP BY l.partner_id
                """,
                partners=self.ids,
                since=date - timedelta(days=365),
            )
        )
        return {pid: (late, days) for pid, late, days in self.env.cr.fetchall()}

    def _property_overdue_bill_counts(self, date):
        """``{partner_id: fee bills overdue on date}``: one query."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.partner_id, COUNT(DISTINCT l.move_id)
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
                 WHERE l.partner_id = ANY(%(partners)s)
                   AND l.display_type = 'payment_term'
                   AND l.reconciled IS NOT TRUE
                   AND l.amount_residual > 0
                   AND l.date_maturity < %(date)s
                   AND m.state = 'posted'
                   AND m.move_type = 'out_invoice'
                   AND m.property_unit_id IS NOT NULL
                 GROUP BY l.partner_id
                """,
                partners=self.ids,
                date=date,
            )
        )
        return dict(self.env.cr.fetchall())

    def _property_dunning_segments(self, date, overdue):
        """``{partner_id: (segment, why)}``: each payer's segment from their
        payment history and what they owe now, and the reason for it.
        ``overdue``: ``{partner_id: (amount, oldest due date)}``."""
        history = self._property_payment_history(date)
        company = self.env.company
        # In the company's language whoever runs it: the reason is compared
        # with the stored one to write only what changed.
        payers = self.with_context(lang=company.partner_id.lang or "en_US")
        segments = {}
        unpaid = self._property_overdue_bill_counts(date)
        for partner in payers:
            amount = overdue.get(partner.id, (0.0, date))[0]
            late_count, most_days_late = history.get(partner.id, (0, 0))
            overdue_count = unpaid.get(partner.id, 0)
            segment, why = payers._property_segment_of(
                company, amount, late_count, most_days_late, overdue_count
            )
            segments[partner.id] = (
                segment,
                payers.env._(
                    "%(why)s %(late)s bill(s) paid late in the last 12 months, at "
                    "most %(most)s days late; %(unpaid)s bill(s) overdue now.",
                    why=why,
                    late=late_count,
                    most=most_days_late,
                    unpaid=overdue_count,
                ),
            )
        return segments

    def _property_segment_of(
        self, company, amount, late_count, most_days_late, overdue_count=1
    ):
        """``(segment, why)`` of a payer owing ``amount`` past due now on
        ``overdue_count`` bills, with ``late_count`` bills paid late in the
        last year."""
        # What is overdue now counts too, bill by bill: a payer who never
        # paid late only because nothing was ever paid is no good payer.
        late_count_now = late_count + max(overdue_count, 1)
        if amount >= company.property_dunning_firm_amount:
            return "firm", self.env._(
                "Large arrears: at least %(limit)s overdue.",
                limit=format_amount(
                    self.env, company.property_dunning_firm_amount, company.currency_id
                ),
            )
        if late_count_now >= company.property_dunning_firm_late_count:
            return "firm", self.env._(
                "Repeated arrears: %(count)s late bills in a year.",
                count=late_count_now,
            )
        if late_count <= 1 and most_days_late <= 15:
            return "gentle", self.env._("Pays on time, with rare and short delays.")
        return "standard", self.env._("Occasional delays.")
