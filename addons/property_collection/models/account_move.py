from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    property_is_late_fee = fields.Boolean(
        string="Late Fee Invoice", readonly=True, copy=False
    )
    property_late_fee_until = fields.Date(
        string="Late Fees Billed Until",
        readonly=True,
        copy=False,
        help="Late fees on this invoice have been billed up to this day.",
    )
    property_late_fee_total = fields.Monetary(
        string="Late Fees Charged", readonly=True, copy=False
    )
    property_installment_agreement_id = fields.Many2one(
        "property.installment.agreement",
        string="Installment Agreement",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    property_waiver_ids = fields.One2many(
        "property.late.fee.waiver", "move_id", string="Waivers"
    )

    @api.depends("property_installment_agreement_id.community_id")
    def _compute_property_community_id(self):
        """The rescheduling entry of an installment agreement is in the
        agreement's community."""
        res = super()._compute_property_community_id()
        for move in self.filtered("property_installment_agreement_id"):
            move.property_community_id = (
                move.property_community_id
                or move.property_installment_agreement_id.community_id
            )
        return res

    @api.model
    def _cron_property_late_fees(self):
        self._property_bill_late_fees(fields.Date.context_today(self))

    @api.model
    def _property_bill_late_fees(self, date):
        """Bill the late fees accrued up to ``date`` on overdue fee invoices:
        one invoice per payer, one line per overdue invoice it refers to.
        Charged on the overdue principal only, after the grace days, never
        above the cap; running it twice on a day bills nothing more."""
        date = fields.Date.to_date(date)
        communities = self.env["property.community"].search(
            [("late_fee_enabled", "=", True)]
        )
        overdue = self.search(
            [
                *self._property_open_fee_bill_domain(overdue_on=date),
                ("property_unit_id.community_id", "in", communities.ids),
                ("property_is_late_fee", "=", False),
                "|",
                ("property_late_fee_until", "=", False),
                ("property_late_fee_until", "<", date),
            ],
            order="partner_id, invoice_date_due, id",
        )
        lines_by_payer = defaultdict(list)
        for invoice in overdue:
            amount, days_late = invoice._property_late_fee_accrued(date)
            if amount:
                lines_by_payer[invoice.partner_id, invoice.company_id].append(
                    (invoice, amount, days_late)
                )
                invoice.property_late_fee_total += amount
        overdue.property_late_fee_until = date
        late_fee_invoices = self.create(
            [
                self._property_prepare_late_fee_invoice(partner, company, lines, date)
                for (partner, company), lines in lines_by_payer.items()
            ]
        )
        late_fee_invoices._post(soft=False)
        return late_fee_invoices

    def _property_late_fee_accrued(self, date):
        """Late fee of this invoice from the last billed day to ``date``,
        and the number of days it covers."""
        self.ensure_one()
        policy = self.property_unit_id.community_id
        first_day = self.invoice_date_due + relativedelta(
            days=policy.late_fee_grace_days + 1
        )
        if self.property_late_fee_until:
            first_day = max(
                first_day, self.property_late_fee_until + relativedelta(days=1)
            )
        if first_day > date:
            return 0.0, 0
        days_late = (date - first_day).days + 1
        principal = self.amount_residual
        accrued = principal * policy.late_fee_daily_rate / 100 * days_late
        room = principal * policy.late_fee_cap / 100 - self.property_late_fee_total
        return self.currency_id.round(max(min(accrued, room), 0.0)), days_late

    @api.model
    def _property_prepare_late_fee_invoice(self, partner, company, lines, date):
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "journal_id": journal.id,
            "invoice_date": date,
            "invoice_date_due": date + relativedelta(days=15),
            "property_is_late_fee": True,
            "property_unit_id": lines[0][0].property_unit_id.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": (
                            invoice.property_unit_id.community_id.late_fee_product_id.id
                        ),
                        "name": self.env._(
                            "Late fee on %(invoice)s: %(days)s days until %(date)s",
                            invoice=invoice.name,
                            days=days_late,
                            date=date,
                        ),
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                        "property_late_fee_origin_id": invoice.id,
                    }
                )
                for invoice, amount, days_late in lines
            ],
        }

    def action_property_waive_late_fee(self, reason):
        """Waive this late fee invoice with a credit note; the waiver is kept."""
        if not (
            self.env.su
            or self.env.user.has_group("property_base.group_property_manager")
        ):
            raise AccessError(
                self.env._("Only a property manager can waive late fees.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for waiving the late fee."))
        for move in self:
            if not move.property_is_late_fee or move.state != "posted":
                raise UserError(
                    self.env._(
                        "%(move)s is not a posted late fee invoice: only those can be "
                        "waived.",
                        move=move.display_name,
                    )
                )
            amount = move.amount_residual
            if move.currency_id.compare_amounts(amount, move.amount_total):
                raise UserError(
                    self.env._(
                        "%(move)s is already partly paid or credited: waive what is "
                        "left with a credit note for that amount.",
                        move=move.name,
                    )
                )
            credit_note = move._reverse_moves(
                [{"ref": self.env._("Waiver: %(reason)s", reason=reason)}]
            )
            credit_note._post(soft=False)
            (move | credit_note).line_ids.filtered(
                lambda line: (
                    line.account_type == "asset_receivable" and not line.reconciled
                )
            ).reconcile()
            self.env["property.late.fee.waiver"].create(
                {
                    "move_id": move.id,
                    "credit_note_id": credit_note.id,
                    "amount": amount,
                    "reason": reason,
                }
            )
            move.message_post(
                body=self.env._(
                    "Late fee of %(amount)s waived: %(reason)s",
                    amount=amount,
                    reason=reason,
                )
            )
        return True
