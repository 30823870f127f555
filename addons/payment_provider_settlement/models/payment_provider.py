# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import hashlib
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero

# How many unknown orders a refusal names before "and N more".
UNKNOWN_LISTED = 20


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    settlement_fee_account_id = fields.Many2one(
        string="Provider Fees Account",
        comodel_name="account.account",
        compute="_compute_settlement_fee_account_id",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="The expense account the fees of the provider's settlement files are "
        "booked to (e.g. 6603 Financial expenses), against the outstanding receipts "
        "account of the provider's payments.",
        groups="account.group_account_user,account.group_account_manager",
    )
    settlement_supported = fields.Boolean(
        string="Settlement Files Supported",
        compute="_compute_settlement_supported",
        search="_search_settlement_supported",
    )
    settlement_ids = fields.One2many(
        string="Settlements",
        comodel_name="payment.settlement",
        inverse_name="provider_id",
        groups="account.group_account_user,account.group_account_manager",
    )
    settlement_count = fields.Integer(
        compute="_compute_settlement_count",
        groups="account.group_account_user,account.group_account_manager",
    )

    @api.depends("company_id")
    def _compute_settlement_fee_account_id(self):
        for provider in self:
            if provider.settlement_fee_account_id or not provider.company_id:
                continue
            # 6603 is "Financial expenses" (财务费用) in the Chinese charts, where
            # payment fees belong.
            provider.settlement_fee_account_id = self.env["account.account"].search(
                [
                    *self.env["account.account"]._check_company_domain(
                        provider.company_id
                    ),
                    ("code", "=like", "6603%"),
                    ("account_type", "in", ("expense", "expense_direct_cost")),
                ],
                order="code",
                limit=1,
            )

    def _compute_settlement_supported(self):
        for provider in self:
            provider.settlement_supported = provider._settlement_supports_files()

    def _search_settlement_supported(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        # The providers are few; which of them read files is a code question.
        supported = self.search([("code", "!=", False)]).filtered(
            lambda provider: provider._settlement_supports_files()
        )
        wanted = (operator == "=") == value
        return [("id", "in" if wanted else "not in", supported.ids)]

    def _compute_settlement_count(self):
        counts = dict(
            self.env["payment.settlement"]._read_group(
                [("provider_id", "in", self.ids)], ["provider_id"], ["__count"]
            )
        )
        for provider in self:
            provider.settlement_count = counts.get(provider, 0)

    def action_settlement_import(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Settlement File"),
            "res_model": "payment.settlement.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_provider": str(self.id)},
        }

    def action_view_settlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "payment_provider_settlement.payment_settlement_action"
        )
        action["domain"] = [("provider_id", "=", self.id)]
        action["context"] = {"default_provider_id": self.id}
        return action

    # Hooks of the connector modules.

    def _settlement_supports_files(self):
        """Whether this provider reads settlement files; connectors say yes."""
        self.ensure_one()
        return False

    def _settlement_parse_file(self, content, filename):
        """Read a settlement file of this provider.

        :param bytes content: the file as downloaded from the provider.
        :param str filename: its name, or ''.
        :return: the rows, each a dict with ``order_ref`` (the merchant order
            number), ``provider_ref``, ``kind`` ('payment' or 'refund'),
            ``amount`` (Decimal, yuan), ``fee`` (Decimal, yuan: positive when the
            provider charged it, negative when it returned it) and ``date``.
        :rtype: list
        :raise UserError: when the file is not one of this provider's.
        """
        self.ensure_one()
        raise UserError(
            self.env._(
                "%(provider)s does not read settlement files: import them with a "
                "WeChat Pay or Alipay provider.",
                provider=self.name,
            )
        )

    def _settlement_download(self, date):
        """Download the settlement file of a day from the provider.

        :param date date: the day of the bill.
        :return: (content as bytes, file name)
        :raise UserError: when the provider cannot give it.
        """
        self.ensure_one()
        raise UserError(
            self.env._(
                "%(provider)s cannot download its settlement files: download the "
                "file from the provider's merchant platform and upload it.",
                provider=self.name,
            )
        )

    def _settlement_get_transactions(self, order_refs):
        """The transactions of this provider behind merchant order numbers.

        :return: {order_ref: payment.transaction}
        """
        self.ensure_one()
        transactions = self.env["payment.transaction"].search(
            [("provider_id", "=", self.id), ("reference", "in", list(order_refs))]
        )
        return {tx.reference: tx for tx in transactions}

    def _settlement_outstanding_account(self):
        """The account the provider's payments are posted to: the one of the
        provider's payment method line in its journal, as account_payment does."""
        self.ensure_one()
        method_line = self.journal_id.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == self
        )[:1]
        return (
            method_line.payment_account_id
            or self.company_id.account_journal_payment_debit_account_id
        )

    # The import.

    def _settlement_check_access(self):
        """Refuse users who may not book settlements, and providers of companies
        not theirs.

        :return: the provider, as superuser, to read its settings.
        """
        self.ensure_one()
        self.env["payment.settlement"].check_access("create")
        self.env["account.move"].check_access("create")
        # Accountants may book entries but not read the providers' settings
        # (administrators only); checked just above: the rights to create
        # settlements and entries. The provider's company is checked below.
        provider = self.sudo()
        if provider.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You may not book the settlements of %(provider)s: it belongs to "
                    "another company.",
                    provider=provider.name,
                )
            )
        return provider

    def _settlement_download_import(self, date, book_unknown=False):
        """Download the settlement file of a day from the provider and import it.

        :param date date: the day of the bill.
        :return: the payment.settlement.
        """
        self.ensure_one()
        provider = self._settlement_check_access()
        content, filename = provider._settlement_download(date)
        return self._settlement_import(content, filename, book_unknown=book_unknown)

    def _settlement_import(self, content, filename="", book_unknown=False):
        """Book the fees of a settlement file in one journal entry.

        The same file imported again books nothing and returns the settlement
        made the first time; another file over dates already booked is refused.

        :param bytes content: the settlement file.
        :param bool book_unknown: book the fees of orders unknown to Odoo too
            (named in the entry), instead of refusing the file.
        :return: the payment.settlement.
        """
        self.ensure_one()
        Settlement = self.env["payment.settlement"]
        provider = self._settlement_check_access()
        if not content:
            raise UserError(self.env._("Choose the settlement file to import."))
        rows = provider._settlement_parse_file(content, filename)
        if not rows:
            raise UserError(
                self.env._(
                    "The settlement file has no rows: download the bill of a day "
                    "with payments or refunds."
                )
            )
        # The fingerprint of what the file says, not of its bytes: the same bill
        # downloaded again, zipped or not, is the same settlement.
        file_hash = hashlib.sha256(
            repr(
                sorted(
                    (
                        str(row["date"]),
                        row["order_ref"],
                        row["provider_ref"],
                        row["kind"],
                        str(row["amount"]),
                        str(row["fee"]),
                    )
                    for row in rows
                )
            ).encode()
        ).hexdigest()
        existing = Settlement.search(
            [("provider_id", "=", provider.id), ("file_hash", "=", file_hash)], limit=1
        )
        if existing:
            return existing
        date_from = min(row["date"] for row in rows)
        date_to = max(row["date"] for row in rows)
        overlap = Settlement.search(
            [
                ("provider_id", "=", provider.id),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            limit=1,
        )
        if overlap:
            raise UserError(
                self.env._(
                    "The fees of %(provider)s from %(date_from)s to %(date_to)s are "
                    "already booked by the settlement %(settlement)s from another "
                    "file. Delete that settlement (after canceling its journal "
                    "entry) to import this file instead.",
                    provider=provider.name,
                    date_from=date_from,
                    date_to=date_to,
                    settlement=overlap.display_name,
                )
            )
        transactions = provider._settlement_get_transactions(
            {row["order_ref"] for row in rows}
        )
        currency = self.env.ref("base.CNY")
        fee_rows = [
            row
            for row in rows
            if not float_is_zero(float(row["fee"]), precision_digits=2)
        ]
        unknown = sorted(
            {
                row["order_ref"]
                for row in fee_rows
                if row["order_ref"] not in transactions
            }
        )
        if unknown and not book_unknown:
            listed = ", ".join(unknown[:UNKNOWN_LISTED])
            if len(unknown) > UNKNOWN_LISTED:
                listed += self.env._(
                    " and %(count)s more", count=len(unknown) - UNKNOWN_LISTED
                )
            raise UserError(
                self.env._(
                    "These orders of the settlement file are not payments of "
                    "%(provider)s in Odoo: %(orders)s. Check that the file belongs "
                    "to this provider; if these orders were taken outside Odoo, tick "
                    "'Book fees of unknown orders' to book their fees too.",
                    provider=provider.name,
                    orders=listed,
                )
            )
        vals = {
            "provider_id": provider.id,
            "date_from": date_from,
            "date_to": date_to,
            "file": base64.b64encode(content),
            "file_name": filename or False,
            "file_hash": file_hash,
            "row_count": len(rows),
            "currency_id": currency.id,
            "fee_total": float(sum(row["fee"] for row in fee_rows)),
            "unknown_orders": "\n".join(unknown) or False,
            "transaction_ids": [
                Command.set(
                    list(
                        {
                            transactions[r["order_ref"]].id
                            for r in rows
                            if r["order_ref"] in transactions
                        }
                    )
                )
            ],
        }
        if fee_rows:
            move = self.env["account.move"].create(
                provider._settlement_move_vals(fee_rows, transactions, date_to)
            )
            move.action_post()
            vals.update(move_id=move.id, state="booked")
        else:
            vals["state"] = "no_fee"
        return Settlement.create(vals)

    def _settlement_move_vals(self, fee_rows, transactions, date):
        """The values of the entry: the fee of each order to the fees account,
        their total out of the outstanding receipts account."""
        self.ensure_one()
        if not self.journal_id:
            raise UserError(
                self.env._(
                    "Set the payment journal of %(provider)s before importing its "
                    "settlement files.",
                    provider=self.name,
                )
            )
        fee_account = self.settlement_fee_account_id
        if not fee_account:
            raise UserError(
                self.env._(
                    "Set the provider fees account of %(provider)s (tab "
                    "Configuration) before importing its settlement files.",
                    provider=self.name,
                )
            )
        outstanding = self._settlement_outstanding_account()
        if not outstanding:
            raise UserError(
                self.env._(
                    "%(provider)s has no outstanding receipts account: set one on its "
                    "payment method in the journal %(journal)s.",
                    provider=self.name,
                    journal=self.journal_id.display_name,
                )
            )
        company = self.company_id
        cny = self.env.ref("base.CNY")
        fees_by_ref = defaultdict(lambda: 0)
        for row in fee_rows:
            fees_by_ref[row["order_ref"]] += row["fee"]
        line_vals = []
        total = 0
        for order_ref, fee in fees_by_ref.items():
            amount = cny.round(float(fee))
            if cny.is_zero(amount):
                continue
            tx = transactions.get(order_ref)
            label = (
                self.env._(
                    "%(provider)s fee: %(order)s", provider=self.name, order=order_ref
                )
                if tx
                else self.env._(
                    "%(provider)s fee: %(order)s (order not found in Odoo)",
                    provider=self.name,
                    order=order_ref,
                )
            )
            line_vals.append(
                self._settlement_line_vals(
                    fee_account, label, amount, date, tx.partner_id if tx else None
                )
            )
            total += amount
        # The counterpart takes the exact opposite of the fee lines, so that the
        # entry balances whatever the company's currency.
        line_vals.append(
            self._settlement_line_vals(
                outstanding,
                self.env._(
                    "%(provider)s fees of %(date)s", provider=self.name, date=date
                ),
                -cny.round(total),
                date,
                balance=-sum(vals["debit"] - vals["credit"] for vals in line_vals),
            )
        )
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "date": date,
            "ref": self.env._(
                "%(provider)s settlement %(date)s", provider=self.name, date=date
            ),
            "company_id": company.id,
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    def _settlement_line_vals(
        self, account, label, amount_cny, date, partner=None, balance=None
    ):
        company = self.company_id
        cny = self.env.ref("base.CNY")
        if balance is None:
            balance = cny._convert(amount_cny, company.currency_id, company, date)
        return {
            "account_id": account.id,
            "name": label,
            "partner_id": partner.id if partner else False,
            "currency_id": cny.id,
            "amount_currency": amount_cny,
            "debit": max(balance, 0.0),
            "credit": max(-balance, 0.0),
        }
