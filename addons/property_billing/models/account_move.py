from odoo import Command, api, fields, models
from odoo.osv import expression
from odoo.tools import SQL, clean_context

from .. import speedups

# What turns off Odoo's sync of an invoice's generated journal items, on the
# invoice and on its lines.
WITHOUT_LINE_SYNC = {"skip_invoice_sync": True, "skip_invoice_line_sync": True}
# The values of an invoice, besides the suite's own ``property_*`` fields, and
# of its product lines that the fast path gives the same effect as ``create``,
# as the equivalence tests check. Any other value makes it use ``create``.
FAST_INVOICE_FIELDS = {
    "move_type",
    "partner_id",
    "company_id",
    "journal_id",
    "currency_id",
    "invoice_date",
    "invoice_date_due",
    "invoice_payment_term_id",
    "invoice_cash_rounding_id",
    "invoice_origin",
    "payment_reference",
    "ref",
    "narration",
    "invoice_line_ids",
}
FAST_INVOICE_LINE_FIELDS = {
    "product_id",
    "name",
    "quantity",
    "price_unit",
    "discount",
    "tax_ids",
    "account_id",
    "analytic_distribution",
    "display_type",
}


class AccountMove(models.Model):
    _inherit = "account.move"

    property_contract_id = fields.Many2one(
        "property.fee.contract",
        string="Fee Contract",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    property_unit_id = fields.Many2one(
        "property.unit",
        string="Unit",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    property_community_id = fields.Many2one(
        "property.community",
        string="Community",
        compute="_compute_property_community_id",
        store=True,
        index="btree_not_null",
        recursive=True,
        help="Property staff see the entries of their communities only.",
    )
    property_period_start = fields.Date(string="Billed From", readonly=True, copy=False)
    property_period_end = fields.Date(string="Billed Until", readonly=True, copy=False)
    property_billing_run_id = fields.Many2one(
        "property.billing.run",
        string="Billing Run",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )

    @api.depends(
        "property_unit_id.community_id", "reversed_entry_id.property_community_id"
    )
    def _compute_property_community_id(self):
        for move in self:
            move.property_community_id = (
                move.property_unit_id.community_id
                or move.reversed_entry_id.property_community_id
            )

    @api.depends_context("property_bill_label")
    def _compute_display_name(self):
        """With ``property_bill_label`` (the bill pickers), a fee bill's
        number followed by its unit, period and amount due, so that staff
        tell the bills of a payer apart."""
        result = super()._compute_display_name()
        if self.env.context.get("property_bill_label"):
            for move in self.filtered("property_unit_id"):
                parts = [move.display_name, move.property_unit_id.code]
                if move.property_period_start:
                    parts.append(move.property_period_start.strftime("%Y-%m"))
                parts.append(f"{move.amount_residual:.2f}")
                move.display_name = " · ".join(part for part in parts if part)
        return result

    @api.model
    def _search_display_name(self, operator, value):
        """Property staff also find a bill by its unit's code."""
        domain = super()._search_display_name(operator, value)
        if (
            operator in ("ilike", "=ilike", "=")
            and isinstance(value, str)
            and value.strip()
            and self.env.user.has_group("property_base.group_property_user")
        ):
            domain = expression.OR(
                [domain, [("property_unit_id.code", operator, value.strip())]]
            )
        return domain

    def init(self):
        result = super().init()
        # A contract is billed once per period, whichever run or worker tries:
        # the database refuses a second live invoice for the same period.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS account_move_property_period_uniq
                    ON account_move (property_contract_id, property_period_start)
                 WHERE property_contract_id IS NOT NULL
                   AND move_type = 'out_invoice'
                   AND state != 'cancel'
                """
            )
        )
        return result

    def write(self, vals):
        # Posting fee invoices marks each one checked, then all posted: the
        # sync of dynamic lines leaves invoices that leave draft as they are,
        # but costs a third of posting. Any other write, also during
        # posting, is synced.
        if (
            speedups.posts_without_sync(self)
            and vals.keys() <= {"checked", "state", "posted_before"}
            and vals.get("state", "posted") == "posted"
        ):
            self = self.with_context(skip_invoice_sync=True)  # noqa: PLW0642
        return super().write(vals)

    def _get_last_sequence(self, relaxed=False, with_prefix=None):
        """Within a billing batch (``speedups.SEQUENCE_MEMO``), look the
        journal's last number up once per journal, date and kind of
        move, not once per invoice: numbering the next invoices only needs its
        format, and the numbers themselves come from the sequence's locked
        increment, which counts on from the first one (its transaction cache:
        were it cleared meanwhile, the next numbers would still be right, found
        again from the first one)."""
        memo = speedups.memo_of(self, speedups.SEQUENCE_MEMO)
        if memo is None:
            return super()._get_last_sequence(relaxed, with_prefix)
        key = (
            self.journal_id.id,
            self.date,
            self.move_type,
            bool(self.origin_payment_id),
            relaxed,
            with_prefix,
        )
        if key not in memo:
            memo[key] = super()._get_last_sequence(relaxed, with_prefix)
        return memo[key]

    @api.model
    def _property_create_fee_invoices(self, vals_list):
        """Create customer invoices as ``create`` does, in a fraction of its
        time for a batch.

        ``create`` syncs every kind of journal item Odoo adds to an invoice
        (receivable, taxes, cash rounding, discount allocation, early payment
        discount) by reading each invoice's lines before and after. Fee
        invoices without payment term or cash rounding only need their tax
        lines and one receivable line: they are created without the sync, then
        given what it would have added, from the same sources: Odoo's tax
        engine for the taxes and the product lines' amounts, the invoice's
        ``needed_terms`` for its receivable line. A batch with any other
        invoice takes ``create`` (the run's invoices are all alike)."""
        if not all(map(self._property_is_plain_fee_invoice, vals_list)):
            return self.create(vals_list)
        # The fiscal position is computed for one customer at a time, each
        # read on its own: read all customers' at once.
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list}
        )
        for company in self.env["res.company"].browse(
            {vals["company_id"] for vals in vals_list}
        ):
            partners.with_company(company).mapped("property_account_position_id")
        moves = self.with_context(
            **WITHOUT_LINE_SYNC, check_move_validity=False
        ).create([self._property_with_line_amounts(vals) for vals in vals_list])
        moves = moves.with_env(self.env)  # without the skipping context
        moves._property_add_tax_and_receivable_lines()
        return moves

    @api.model
    def _property_is_plain_fee_invoice(self, vals):
        """Whether the invoice of ``vals`` needs no journal item of ``create``'s
        sync but its taxes and receivable: no payment term (explicitly), no
        cash rounding, no discount allocation, and in the company's currency
        (the sync also converts amounts to the company's currency). Only
        when the company keeps the fast path on (the default)."""
        company = self.env["res.company"].browse(vals.get("company_id"))
        journal = self.env["account.journal"].browse(vals.get("journal_id"))
        return bool(
            company.property_billing_fast_invoices
            and self._property_fast_path_handles(vals)
            and vals.get("move_type") == "out_invoice"
            and vals.get("partner_id")
            and vals.get("invoice_line_ids")
            and "line_ids" not in vals
            and "invoice_payment_term_id" in vals
            and not vals["invoice_payment_term_id"]
            and not vals.get("invoice_cash_rounding_id")
            and company
            and not company.account_discount_expense_allocation_id
            and vals.get("currency_id", company.currency_id.id)
            == company.currency_id.id
            and journal
            and journal.currency_id in (company.currency_id, self.env["res.currency"])
        )

    @api.model
    def _property_fast_path_handles(self, vals):
        """Whether every value of ``vals`` is one the fast path gives the same
        effect as ``create`` (``tax_totals``, say, edits tax lines that only
        the sync writes)."""
        for command in vals.get("invoice_line_ids", ()):
            if command[0] != Command.CREATE:
                return False
            line = command[2]
            if not line.keys() <= FAST_INVOICE_LINE_FIELDS or line.get(
                "display_type", "product"
            ) not in ("product", "line_section", "line_note"):
                return False
        return all(
            fname in FAST_INVOICE_FIELDS or fname.startswith("property_")
            for fname in vals
        )

    @api.model
    def _property_with_line_amounts(self, vals):
        """``vals`` with each product line's amount as its untaxed price: right
        unless a tax is included in the price, when the tax engine's amounts
        replace it. Only saves writing each line's amount again."""
        currency = self.env["res.company"].browse(vals["company_id"]).currency_id
        lines = []
        for command, record_id, line in vals["invoice_line_ids"]:
            if command == Command.CREATE and line.get("display_type", "product") == (
                "product"
            ):
                amount = -currency.round(
                    line.get("price_unit", 0.0)
                    * line.get("quantity", 1.0)
                    * (1 - line.get("discount", 0.0) / 100)
                )
                line = {**line, "amount_currency": amount, "balance": amount}
            lines.append((command, record_id, line))
        return {**vals, "invoice_line_ids": lines}

    def _property_add_tax_and_receivable_lines(self):
        """Add what ``create``'s sync adds to these invoices created without
        it: the tax lines, the product lines' amounts from the tax engine, and
        the receivable line of each due date (``needed_terms``)."""
        AccountTax = self.env["account.tax"]
        Line = self.env["account.move.line"].with_context(
            clean_context(self.env.context), **WITHOUT_LINE_SYNC
        )
        tax_lines = []
        for move in self.with_context(**WITHOUT_LINE_SYNC, check_move_validity=False):
            base_lines, _tax_lines = move._get_rounded_base_and_tax_lines(
                round_from_tax_lines=False
            )
            AccountTax._add_accounting_data_in_base_lines_tax_details(
                base_lines, move.company_id, include_caba_tags=move.always_tax_exigible
            )
            tax_results = AccountTax._prepare_tax_lines(base_lines, move.company_id)
            for base_line, amounts in tax_results["base_lines_to_update"]:
                line = base_line["record"]
                if any(
                    line._fields[fname].convert_to_write(line[fname], line) != value
                    for fname, value in amounts.items()
                ):
                    line.write(amounts)
            tax_lines += [
                {**values, "display_type": "tax", "move_id": move.id}
                for values in tax_results["tax_lines_to_add"]
            ]
        if tax_lines:
            Line.with_context(check_move_validity=False).create(tax_lines)
        # Created with the moves' balance checked, as ``create`` checks it.
        Line.create(
            [
                {**key, **values, "display_type": "payment_term"}
                for move in self
                for key, values in move.needed_terms.items()
            ]
        )

    def _property_subscribe_customers(self):
        """Make each invoice's customer a follower, as ``_post`` does one
        invoice at a time, for the whole batch in one create: ``_post`` then
        finds them following. Same access check, same default subtypes as
        ``mail.followers._insert_followers`` gives."""
        if not self:
            return
        self.check_access("write")
        # sudo: the caller may write these invoices (checked above), as
        # message_subscribe requires before it writes followers as superuser.
        Followers = self.env["mail.followers"].sudo()
        following = {
            (res_id, partner_id)
            for _id, res_id, partner_id, _subtypes in Followers._get_subscription_data(
                [(self._name, self.ids)], self.partner_id.ids
            )
        }
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        Followers.with_context(default_partner_id=False).create(
            [
                {
                    "res_model": self._name,
                    "res_id": move.id,
                    "partner_id": partner.id,
                    "subtype_ids": [
                        Command.set(
                            external.ids
                            if partner.partner_share
                            and partner != self.env.user.partner_id
                            else default.ids
                        )
                    ],
                }
                for move in self
                if (partner := move.partner_id).active
                and (move.id, partner.id) not in following
            ]
        )

    @api.model
    def _property_open_invoice_domain(self):
        """A posted customer invoice not fully paid: what a payment settles."""
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]

    @api.model
    def _property_open_fee_bill_domain(self, overdue_on=None):
        """The suite's one definition of an open fee bill: an open invoice
        billed on a unit (its fees, its charges, late fees on them); overdue on
        ``overdue_on`` when given (due before that day). Reminders, late fees,
        dunning and the collection figures all count these."""
        domain = [
            *self._property_open_invoice_domain(),
            ("property_unit_id", "!=", False),
        ]
        if overdue_on:
            domain.append(("invoice_date_due", "<", overdue_on))
        return domain

    def _property_apply_credit(self):
        """Settle these posted invoices with their payers' outstanding credit
        (prepayments, overpayments, credit notes), oldest due first: the
        credit the invoice form's outstanding-credits widget offers, of the
        same payer on the same receivable account."""
        receivable = self.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        if not receivable:
            return
        credits = self.env["account.move.line"].search(
            [
                ("partner_id", "in", receivable.partner_id.ids),
                ("account_id", "in", receivable.account_id.ids),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
            ],
            order="date, id",
        )
        credits_by_payer = credits.grouped(
            lambda credit: (credit.partner_id, credit.account_id)
        )
        for line in receivable.sorted(
            lambda line: (line.date_maturity or line.date, line.id)
        ):
            available = credits_by_payer.get(
                (line.partner_id, line.account_id), credits.browse()
            ).filtered(lambda credit: not credit.reconciled)
            if available:
                (line | available).reconcile()
