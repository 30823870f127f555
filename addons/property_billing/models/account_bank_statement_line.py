import re

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.account.tools.structured_reference import (
    format_structured_reference_iso,
    is_valid_structured_reference_iso,
)

RF_REFERENCE = re.compile(r"RF\d{2}[0-9A-Z]{1,21}")


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    property_move_id = fields.Many2one(
        "account.move",
        string="Matched Bill",
        readonly=True,
        copy=False,
        help="The bill whose structured payment reference this transfer carried.",
    )

    def _property_find_bill(self):
        """The open fee bill whose structured reference appears in this
        transfer's label, spaces or not."""
        self.ensure_one()
        text = re.sub(r"\s", "", f"{self.payment_ref or ''}{self.ref or ''}").upper()
        for candidate in RF_REFERENCE.findall(text):
            if not is_valid_structured_reference_iso(candidate):
                continue
            reference = format_structured_reference_iso(candidate[4:])
            bill = self.env["account.move"].search(
                [
                    ("payment_reference", "=", reference),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
            if bill:
                return bill
        return self.env["account.move"]

    def _property_auto_match(self):
        """Match incoming transfers to bills by their structured reference.
        Return the lines left for a person."""
        unmatched = self.browse()
        for st_line in self.filtered(lambda line: line.amount > 0):
            bill = st_line._property_find_bill()
            if bill:
                st_line._property_reconcile_bill(bill)
            else:
                unmatched |= st_line
        return unmatched

    def _property_reconcile_bill(self, bill, partner=None):
        """Book this transfer on the payer's receivable and settle ``bill``
        with it (then the payer's other open bills); what exceeds them stays
        as the payer's credit."""
        self.ensure_one()
        partner = partner or bill.partner_id
        if self.is_reconciled:
            raise UserError(
                self.env._(
                    "The transfer %(label)s is already matched.",
                    label=self.payment_ref,
                )
            )
        if self.amount <= 0:
            raise UserError(
                self.env._("Only incoming transfers can settle residents' bills.")
            )
        if not self.partner_id:
            self.partner_id = partner
        _liquidity, suspense, _other = self._seek_for_lines()
        account = partner.with_company(self.company_id).property_account_receivable_id
        suspense.with_context(skip_account_move_synchronization=True).write(
            {"account_id": account.id, "partner_id": partner.id}
        )
        self.property_move_id = bill
        open_bills = bill | self.env["account.move"].search(
            [
                ("partner_id", "=", partner.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("company_id", "=", self.company_id.id),
            ]
        )
        # The bill it names first, then the others oldest due first.
        bill._property_apply_credit()
        (open_bills - bill)._property_apply_credit()
