import re
import string

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.account.tools.structured_reference import (
    format_structured_reference_iso,
    is_valid_structured_reference_iso,
)

from ..concurrency import lock_nowait

RF_START = re.compile(r"RF\d{2}")
RF_CHARACTERS = set(string.ascii_uppercase + string.digits)
RF_MAX_LENGTH = 21  # ISO 11649: at most 25 characters, "RF" and 2 check digits


def structured_references(text):
    """The ISO 11649 references (formatted as on the bills) that ``text``
    may carry, most likely first. A reference may be written in groups with
    spaces, and be followed by Latin letters (``RF18 1234 ZHANG San``): every
    valid prefix of what follows "RFnn" is a candidate, longest first."""
    text = (text or "").upper()
    references = []
    for start in RF_START.finditer(text):
        characters = []
        for character in text[start.end() :]:
            if character.isspace():
                continue
            if character not in RF_CHARACTERS or len(characters) == RF_MAX_LENGTH:
                break
            characters.append(character)
        for length in range(len(characters), 0, -1):
            number = "".join(characters[:length])
            if is_valid_structured_reference_iso(start.group() + number):
                references.append(format_structured_reference_iso(number))
    return references


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    property_move_id = fields.Many2one(
        "account.move",
        string="Matched Bill",
        readonly=True,
        copy=False,
        help="The bill whose structured payment reference this transfer carried.",
    )
    property_import_key = fields.Char(
        string="Import Key",
        readonly=True,
        copy=False,
        help="Identifies a line imported from a bank file, so that importing the "
        "file again adds nothing.",
    )

    _sql_constraints = [
        (
            "property_import_key_uniq",
            "unique(journal_id, property_import_key)",
            "This bank line was already imported into this bank account.",
        )
    ]

    def action_undo_reconciliation(self):
        result = super().action_undo_reconciliation()
        self.property_move_id = False
        return result

    @api.model
    def _property_check_bank_access(self, journal):
        """Refuse unless the user may import and match transfers of
        ``journal``: Billing right, a bank or cash journal of a company
        active in their session. Statement lines need an accounting right
        above Billing in Odoo Community: callers create and match them as
        superuser after this check."""
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._(
                    "Only users with the Billing right import and match bank "
                    "transfers. Ask your accounting manager for it."
                )
            )
        journal.check_access("read")
        if journal.type not in ("bank", "cash"):
            raise UserError(
                self.env._(
                    "%(journal)s is not a bank or cash journal: choose the bank "
                    "account of the statement.",
                    journal=journal.display_name,
                )
            )
        if journal.company_id not in self.env.companies:
            raise AccessError(
                self.env._(
                    "The journal %(journal)s belongs to %(company)s: switch to that "
                    "company first.",
                    journal=journal.display_name,
                    company=journal.company_id.display_name,
                )
            )

    def _property_likely_payer(self):
        """Who probably sent this transfer: its partner, else the owner of
        the bank account it came from, else the one payer of open fee bills
        in its company whose name it carries."""
        self.ensure_one()
        if self.partner_id or not self.company_id:
            return self.partner_id
        Move = self.env["account.move"]
        domain = [
            *Move._property_open_fee_bill_domain(),
            ("company_id", "=", self.company_id.id),
        ]
        if self.account_number:
            accounts = self.env["res.partner.bank"].search(
                [("acc_number", "=", self.account_number.strip())], limit=2
            )
            if len(accounts.partner_id) == 1:
                return accounts.partner_id
        name = (self.partner_name or "").strip()
        if name:
            payers = Move.search([*domain, ("partner_id.name", "=", name)]).partner_id
            if len(payers) == 1:
                return payers
        return self.env["res.partner"]

    def _property_find_bill(self):
        """The open fee bill whose structured reference appears in this
        transfer's label or reference, spaces or not."""
        self.ensure_one()
        references = structured_references(self.payment_ref) + structured_references(
            self.ref
        )
        if not references:
            return self.env["account.move"]
        bills = self.env["account.move"].search(
            [
                *self.env["account.move"]._property_open_invoice_domain(),
                ("payment_reference", "in", references),
                ("company_id", "=", self.company_id.id),
            ]
        )
        by_reference = {bill.payment_reference: bill for bill in bills}
        for reference in references:
            if reference in by_reference:
                return by_reference[reference]
        return self.env["account.move"]

    def _property_auto_match(self):
        """Match incoming transfers to open bills by their structured
        reference. Return the lines left for a person: those naming no open
        bill; lines already matched are neither matched again nor returned."""
        unmatched = self.browse()
        for st_line in self.filtered(
            lambda line: (
                line.amount > 0 and not line.is_reconciled and not line.property_move_id
            )
        ):
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
        # Two people matching the same transfer at once: the second waits for
        # nothing and is told.
        if not lock_nowait(self) or not lock_nowait(bill):
            raise UserError(
                self.env._(
                    "Someone is matching the transfer %(label)s or paying the bill "
                    "%(bill)s right now. Try again in a minute.",
                    label=self.payment_ref,
                    bill=bill.display_name,
                )
            )
        self.invalidate_recordset(["is_reconciled", "property_move_id"])
        bill.invalidate_recordset(["payment_state", "amount_residual"])
        if self.is_reconciled or self.property_move_id:
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
        if (
            not bill.filtered_domain(
                self.env["account.move"]._property_open_invoice_domain()
            )
            or bill.company_id != self.company_id
        ):
            raise UserError(
                self.env._(
                    "The bill %(bill)s is not open for payment in this company: it "
                    "is paid, reversed or not posted. Choose an open bill.",
                    bill=bill.display_name,
                )
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
                *self.env["account.move"]._property_open_invoice_domain(),
                ("partner_id", "=", partner.id),
                ("company_id", "=", self.company_id.id),
            ]
        )
        # The bill it names first, then the others oldest due first.
        bill._property_apply_credit()
        (open_bills - bill)._property_apply_credit()
        partner._property_after_payment()
