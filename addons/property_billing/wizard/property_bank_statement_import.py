import base64
import binascii
import csv
import hashlib
import io

from psycopg2 import errors

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round, mute_logger

from odoo.addons.property_base.tools import parse_number

# Column headers accepted in a bank's CSV export, English or Chinese.
HEADERS = {
    "date": ("date", "日期", "交易日期", "记账日期"),
    "amount": ("amount", "金额", "交易金额", "收入金额", "贷方金额"),
    "label": ("reference", "label", "memo", "摘要", "附言", "用途", "备注"),
    "payer": ("payer", "partner", "对方户名", "付款人", "对方名称"),
}
REQUIRED = ("date", "amount", "label")
CURRENCY_SIGNS = ("¥", "￥")


def has_control_characters(text):
    return any(ord(char) < 32 or ord(char) == 127 for char in text)


class PropertyBankStatementImport(models.TransientModel):
    _name = "property.bank.statement.import"
    _description = "Import a Bank Statement (CSV)"

    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Account",
        required=True,
        domain="[('type', 'in', ('bank', 'cash')), "
        "('company_id', 'in', allowed_company_ids)]",
    )
    data_file = fields.Binary(string="CSV File", required=True)
    filename = fields.Char()
    encoding = fields.Selection(
        [("utf-8-sig", "UTF-8"), ("gb18030", "GBK / GB18030 (Chinese banks)")],
        required=True,
        default="utf-8-sig",
    )

    def action_import(self):
        """Add the file's transactions not imported yet to the bank account,
        match them to bills by reference, and list those left for a person.
        All or nothing: a bad line imports nothing."""
        self.ensure_one()
        journal = self.journal_id
        StatementLine = self.env["account.bank.statement.line"]
        StatementLine._property_check_bank_access(journal)
        rows = self._parse()
        keys = self._import_keys(rows)
        for row, key in zip(rows, keys, strict=True):
            row.update(journal_id=journal.id, property_import_key=key)
        known = self._known_keys(keys)
        new_rows = [row for row in rows if row["property_import_key"] not in known]
        unmatched = StatementLine.browse()
        if new_rows:
            statement = self._create_statement(new_rows)
            unmatched = statement.line_ids._property_auto_match()
        return self._result_action(len(new_rows), len(rows) - len(new_rows), unmatched)

    def _known_keys(self, keys):
        """The import keys of ``keys`` already in the bank account."""
        StatementLine = self.env["account.bank.statement.line"]
        StatementLine._property_check_bank_access(self.journal_id)
        # sudo: checked above (Billing right, bank or cash journal of a company
        # of the session); statement lines need more in Odoo Community.
        known = StatementLine.sudo().search(
            [
                ("journal_id", "=", self.journal_id.id),
                ("property_import_key", "in", keys),
            ]
        )
        return set(known.mapped("property_import_key"))

    def _create_statement(self, rows):
        self.env["account.bank.statement.line"]._property_check_bank_access(
            self.journal_id
        )
        # sudo: checked above (Billing right, bank or cash journal of a company
        # of the session); statements need more in Odoo Community.
        Statement = self.env["account.bank.statement"].sudo()
        name = self.filename or self.env._("Imported statement")
        try:
            # The savepoint flushes: a clash with a concurrent import of the
            # same lines is caught here, not at commit.
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                return Statement.create(
                    {"name": name, "line_ids": [Command.create(row) for row in rows]}
                )
        except errors.UniqueViolation as error:
            raise UserError(
                self.env._(
                    "Someone is importing the same bank lines right now. Wait a "
                    "minute, then import the file again: what was imported is "
                    "skipped."
                )
            ) from error

    def _result_action(self, added, skipped, unmatched):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_billing.property_unmatched_transfer_action"
        )
        action["domain"] = [("id", "in", unmatched.ids)]
        action["context"] = {}
        message = self.env._(
            "%(added)s transactions imported, %(matched)s of them matched to bills.",
            added=added,
            matched=added - len(unmatched),
        )
        if skipped:
            message += " " + self.env._(
                "%(skipped)s lines were already imported and were skipped.",
                skipped=skipped,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Bank statement"),
                "message": message,
                "type": "success" if added else "warning",
                "sticky": bool(skipped),
                "added": added,
                "skipped": skipped,
                "next": action,
            },
        }

    def _import_keys(self, rows):
        """A key per row naming the transaction: its bank account, date,
        amount, reference and payer, and which occurrence of such a line it is
        in the file, so that two identical transfers of a day both count and
        a file imported twice adds nothing."""
        occurrences = {}
        keys = []
        for row in rows:
            identity = (
                str(self.journal_id.id),
                row["date"].isoformat(),
                f"{row['amount']:.2f}",
                row["payment_ref"],
                row["partner_name"] or "",
            )
            occurrences[identity] = occurrences.get(identity, 0) + 1
            text = "\x1f".join((*identity, str(occurrences[identity])))
            keys.append(hashlib.sha256(text.encode()).hexdigest())
        return keys

    def _parse(self):
        try:
            data = base64.b64decode(self.data_file or b"")
        except (binascii.Error, ValueError) as error:
            raise UserError(
                self.env._("The file cannot be read: choose the CSV file again.")
            ) from error
        if not data.strip():
            raise UserError(
                self.env._(
                    "The file is empty: export the statement from your bank again."
                )
            )
        try:
            text = data.decode(self.encoding)
        except UnicodeDecodeError as error:
            encodings = dict(self._fields["encoding"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The file is not in %(encoding)s: choose the other encoding.",
                    encoding=encodings[self.encoding],
                )
            ) from error
        reader = csv.reader(io.StringIO(text))
        rows = []
        try:
            header = [cell.strip() for cell in next(reader, [])]
            columns = self._columns(header)
            for number, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                rows.append(self._parse_row(number, row, columns, header))
        except csv.Error as error:
            raise UserError(
                self.env._(
                    "Row %(row)s cannot be read as CSV (%(reason)s). Export the "
                    "statement from your bank again. Nothing was imported.",
                    row=reader.line_num,
                    reason=str(error),
                )
            ) from error
        if not rows:
            raise UserError(self.env._("The file has no transaction to import."))
        return rows

    def _columns(self, header):
        lowered = [cell.lower() for cell in header]
        columns = {}
        for key, names in HEADERS.items():
            found = [index for index, cell in enumerate(lowered) if cell in names]
            if found:
                columns[key] = found[0]
        missing = [key for key in REQUIRED if key not in columns]
        if missing:
            labels = {
                "date": self.env._("a date (日期)"),
                "amount": self.env._("an amount (金额)"),
                "label": self.env._("a reference (摘要)"),
            }
            raise UserError(
                self.env._(
                    "The first row must name the columns: a date, an amount and a "
                    "reference (摘要), e.g. “date,amount,reference,payer”. "
                    "Missing: %(missing)s.",
                    missing=", ".join(labels[key] for key in missing),
                )
            )
        return columns

    def _parse_row(self, number, row, columns, header):
        def cell(key):
            index = columns.get(key)
            if index is None or index >= len(row):
                return ""
            value = row[index].strip()
            if has_control_characters(value):
                raise UserError(
                    self.env._(
                        "Row %(row)s, column “%(column)s”: the cell holds control "
                        "characters (such as a NUL byte). Export the statement "
                        "from your bank again, or correct the cell. Nothing was "
                        "imported.",
                        row=number,
                        column=header[index],
                    )
                )
            return value

        def refusal(key, what):
            shown = cell(key)
            return UserError(
                self.env._(
                    "Row %(row)s, column “%(column)s”: “%(value)s” is not %(what)s. "
                    "Correct the cell and import the file again. Nothing was "
                    "imported.",
                    row=number,
                    column=header[columns[key]],
                    value=shown if len(shown) <= 40 else shown[:40] + "…",
                    what=what,
                )
            )

        try:
            date = fields.Date.to_date(cell("date").replace("/", "-"))
        except ValueError as error:
            raise refusal("date", self.env._("a date like 2026-11-28")) from error
        amount_text = cell("amount")
        for sign in CURRENCY_SIGNS:
            amount_text = amount_text.replace(sign, "")
        try:
            amount = amount_text and parse_number(amount_text)
        except ValueError as error:
            raise refusal("amount", self.env._("an amount like 1234.50")) from error
        amount = float_round(amount or 0.0, precision_digits=2)
        if not date or not amount:
            raise UserError(
                self.env._(
                    "Row %(row)s has no date or no amount. Nothing was imported.",
                    row=number,
                )
            )
        return {
            "date": date,
            "amount": amount,
            "payment_ref": cell("label") or "/",
            "partner_name": cell("payer") or False,
        }
