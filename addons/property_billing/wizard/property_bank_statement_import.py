import base64
import binascii
import csv
import datetime
import hashlib
import io
import re

import openpyxl
import xlrd
from psycopg2 import errors

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round, mute_logger

from odoo.addons.property_base.tools import parse_number

# Column headers of banks' exports, English or Chinese (ICBC, CCB, ABC, BOC,
# CMB...), compared without spaces, case, a trailing colon or a bracketed
# part such as “（收入）” or “[ Transaction Date ]”. A key's first name found
# in the header wins.
HEADERS = {
    "date": (
        "date",
        "交易日期",
        "记账日期",
        "入账日期",
        "交易日",
        "日期",
        "交易时间",
        "transactiondate",
    ),
    "credit": (
        "credit",
        "贷方发生额",
        "贷方金额",
        "收入金额",
        "存入金额",
        "收入",
        "贷方",
    ),
    "debit": (
        "debit",
        "借方发生额",
        "借方金额",
        "支出金额",
        "支取金额",
        "支出",
        "借方",
    ),
    "amount": ("amount", "金额", "交易金额", "发生额", "tradeamount"),
    "direction": (
        "借/贷",
        "借贷",
        "借贷标志",
        "借贷方向",
        "收支标志",
        "收/支",
        "dr/cr",
    ),
    "payer": (
        "payer",
        "partner",
        "对方户名",
        "对方账户名称",
        "对方账户名",
        "对方单位名称",
        "对方名称",
        "付款人",
        "付款人名称",
        "收/付方名称",
    ),
    "account": ("对方账号", "对方帐号", "对方账户", "付款人账号", "收/付方帐号"),
    "transaction": (
        "交易流水号",
        "流水号",
        "账户明细编号-交易流水号",
        "业务参考号",
        "交易参考号",
        "凭证号",
    ),
}
# Every column of these names adds to the transfer's label, in file order:
# the payment reference may stand in any of them.
LABEL_HEADERS = (
    "reference",
    "label",
    "memo",
    "摘要",
    "附言",
    "用途",
    "备注",
    "交易摘要",
    "交易用途",
    "交易说明",
    "交易附言",
    "业务摘要",
    "其它摘要",
    "个性化信息",
)
CURRENCY_SIGNS = ("¥", "￥", "元", "RMB", "CNY", " ")
# A bank's total lines under the transactions.
SUMMARY_WORDS = ("合计", "总计", "小计", "共计", "本页合计", "累计")
DEBIT_WORDS = ("借", "支", "出", "d", "dr", "debit", "借方", "支出", "付")
# The first rows searched for the header: a bank puts its account number,
# name and period above it.
HEADER_SEARCH_ROWS = 30
BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
DATE_PATTERN = re.compile(
    r"(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))"
    r"(?:(?:\s+|T)\d{1,2}[:：.]\d{2}(?:[:：.]\d{2}(?:\.\d+)?)?|\d{6})?"
)
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


def has_control_characters(text):
    return any(ord(char) < 32 or ord(char) == 127 for char in text)


def header_name(cell):
    """``cell`` as compared with the known column names."""
    text = BRACKETS.sub("", cell or "")
    return "".join(text.split()).rstrip(":：").lower()


def cell_text(value):
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_date(text):
    """The day written in ``text`` (yyyy-mm-dd, yyyy/mm/dd, yyyymmdd,
    2026年1月20日, with or without a time); ``ValueError`` otherwise."""
    match = DATE_PATTERN.fullmatch(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day, compact_month, compact_day = match.groups()
    return datetime.date(
        int(year), int(month or compact_month), int(day or compact_day)
    )


class PropertyBankStatementImport(models.TransientModel):
    _name = "property.bank.statement.import"
    _description = "Import a Bank Statement"

    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Account",
        required=True,
        domain="[('type', 'in', ('bank', 'cash')), "
        "('company_id', 'in', allowed_company_ids)]",
    )
    data_file = fields.Binary(
        string="Statement File",
        required=True,
        help="The bank's export of the account's transactions: Excel (xlsx, xls) "
        "or CSV.",
    )
    filename = fields.Char()
    encoding = fields.Selection(
        [
            ("auto", "Detect (UTF-8 or GBK)"),
            ("utf-8-sig", "UTF-8"),
            ("gb18030", "GBK / GB18030 (Chinese banks)"),
        ],
        string="CSV Encoding",
        required=True,
        default="auto",
        help="How a CSV file's characters are written; Excel files need none.",
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
            # The bank's own number of the transaction, when its export has one.
            transaction = (row.get("transaction_details") or {}).get("transaction")
            if transaction:
                identity += (transaction,)
            occurrences[identity] = occurrences.get(identity, 0) + 1
            text = "\x1f".join((*identity, str(occurrences[identity])))
            keys.append(hashlib.sha256(text.encode()).hexdigest())
        return keys

    def _parse(self):
        table = self._read_table()
        rows = []
        header_row, columns, header = self._find_header(table)
        for number, row in table[header_row:]:
            parsed = self._parse_row(number, row, columns, header)
            if parsed:
                rows.append(parsed)
        if not rows:
            raise UserError(self.env._("The file has no transaction to import."))
        return rows

    def _read_table(self):
        """The file's non-empty rows as ``(row number, [cell text])``."""
        try:
            data = base64.b64decode(self.data_file or b"")
        except (binascii.Error, ValueError) as error:
            raise UserError(
                self.env._("The file cannot be read: choose the statement file again.")
            ) from error
        if not data.strip():
            raise UserError(
                self.env._(
                    "The file is empty: export the statement from your bank again."
                )
            )
        if data.startswith(XLSX_MAGIC):
            table = self._read_xlsx(data)
        elif data.startswith(XLS_MAGIC):
            table = self._read_xls(data)
        else:
            table = self._read_csv(data)
        return [
            (number, row) for number, row in table if any(cell.strip() for cell in row)
        ]

    def _read_csv(self, data):
        encodings = dict(self._fields["encoding"]._description_selection(self.env))
        if self.encoding == "auto":
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = None
            if text is None:
                try:
                    text = data.decode("gb18030")
                except UnicodeDecodeError as error:
                    raise UserError(
                        self.env._(
                            "The file is neither UTF-8 nor GBK text, nor an Excel "
                            "file: export the statement from your bank again as "
                            "CSV or Excel."
                        )
                    ) from error
        else:
            try:
                text = data.decode(self.encoding)
            except UnicodeDecodeError as error:
                raise UserError(
                    self.env._(
                        "The file is not in %(encoding)s: choose the other encoding.",
                        encoding=encodings[self.encoding],
                    )
                ) from error
        sample = text[:4096]
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            return [(reader.line_num, row) for row in reader]
        except csv.Error as error:
            raise UserError(
                self.env._(
                    "Row %(row)s cannot be read as CSV (%(reason)s). Export the "
                    "statement from your bank again. Nothing was imported.",
                    row=reader.line_num,
                    reason=str(error),
                )
            ) from error

    def _read_xlsx(self, data):
        try:
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True
            )
            sheet = book.worksheets[0]
            return [
                (number, [cell_text(value) for value in values])
                for number, values in enumerate(
                    sheet.iter_rows(values_only=True), start=1
                )
            ]
        except Exception as error:
            raise UserError(
                self.env._(
                    "The Excel file cannot be read: open it in Excel or WPS, save "
                    "it again as xlsx and import that copy."
                )
            ) from error

    def _read_xls(self, data):
        try:
            book = xlrd.open_workbook(file_contents=data)
            sheet = book.sheet_by_index(0)
            table = []
            for index in range(sheet.nrows):
                cells = []
                for cell in sheet.row(index):
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value = xlrd.xldate_as_datetime(value, book.datemode)
                    cells.append(cell_text(value))
                table.append((index + 1, cells))
            return table
        except Exception as error:
            raise UserError(
                self.env._(
                    "The Excel file cannot be read: open it in Excel or WPS, save "
                    "it again as xlsx and import that copy."
                )
            ) from error

    def _find_header(self, table):
        """The index in ``table`` of the first transaction row, the columns
        and the header: the first row naming a date, an amount and a
        reference, below the lines (account, name, period) banks put above
        it."""
        best = None
        for index, (_number, row) in enumerate(table[:HEADER_SEARCH_ROWS]):
            header = [cell.strip() for cell in row]
            columns = self._header_columns(header)
            if not self._missing_columns(columns):
                return index + 1, columns, header
            if best is None or len(columns) > len(best):
                best = columns
        missing = self._missing_columns(best or {})
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

    def _header_columns(self, header):
        names = [header_name(cell) for cell in header]
        columns = {}
        for key, choices in HEADERS.items():
            for choice in choices:
                if choice in names:
                    columns[key] = names.index(choice)
                    break
        labels = [index for index, name in enumerate(names) if name in LABEL_HEADERS]
        if labels:
            columns["label"] = labels
        return columns

    @staticmethod
    def _missing_columns(columns):
        missing = [key for key in ("date",) if key not in columns]
        if "amount" not in columns and "credit" not in columns:
            missing.append("amount")
        if "label" not in columns:
            missing.append("label")
        return missing

    def _parse_row(self, number, row, columns, header):
        """The statement line of ``row``, or None for a line that is not an
        incoming transaction: a debit, a total, a note."""
        cells = _Row(self.env, number, row, columns, header)
        amount_key = "credit" if "credit" in columns else "amount"
        date_text = cells.get("date")
        if not date_text and not cells.get(amount_key):
            return None  # a note under the transactions (printed on, page n)
        is_summary = any(value.strip().startswith(SUMMARY_WORDS) for value in row)
        try:
            date = date_text and parse_date(date_text)
        except ValueError as error:
            if is_summary:
                return None  # the bank's totals
            raise cells.refusal("date", self.env._("a date like 2026-11-28")) from error
        if not date and is_summary:
            return None
        amount = cells.amount(amount_key)
        if amount_key == "credit" and amount <= 0:
            return None  # a debit: only incoming transfers pay bills
        if "direction" in columns and amount_key == "amount":
            if cells.get("direction").lower() in DEBIT_WORDS:
                return None
            amount = abs(amount)
        if not date or not amount:
            raise UserError(
                self.env._(
                    "Row %(row)s has no date or no amount. Nothing was imported.",
                    row=number,
                )
            )
        labels = [cells.text(index) for index in columns["label"]]
        label = " ".join(dict.fromkeys(value for value in labels if value))
        values = {
            "date": date,
            "amount": amount,
            "payment_ref": label or "/",
            "partner_name": cells.get("payer") or False,
        }
        if cells.get("account"):
            values["account_number"] = cells.get("account")
        if cells.get("transaction"):
            values["transaction_details"] = {"transaction": cells.get("transaction")}
        return values


class _Row:
    """The cells of one row of a statement, checked as they are read."""

    def __init__(self, env, number, row, columns, header):
        self.env = env
        self.number = number
        self.row = row
        self.columns = columns
        self.header = header

    def text(self, index):
        if index is None or index >= len(self.row):
            return ""
        value = self.row[index].strip()
        # Banks write long numbers as ="6222..." so that Excel keeps them.
        if value.startswith('="') and value.endswith('"') and len(value) > 2:
            value = value[2:-1].strip()
        if has_control_characters(value):
            raise UserError(
                self.env._(
                    "Row %(row)s, column “%(column)s”: the cell holds control "
                    "characters (such as a NUL byte). Export the statement "
                    "from your bank again, or correct the cell. Nothing was "
                    "imported.",
                    row=self.number,
                    column=self.header[index],
                )
            )
        return value

    def get(self, key):
        return self.text(self.columns.get(key))

    def refusal(self, key, what):
        shown = self.get(key)
        return UserError(
            self.env._(
                "Row %(row)s, column “%(column)s”: “%(value)s” is not %(what)s. "
                "Correct the cell and import the file again. Nothing was "
                "imported.",
                row=self.number,
                column=self.header[self.columns[key]],
                value=shown if len(shown) <= 40 else shown[:40] + "…",
                what=what,
            )
        )

    def amount(self, key):
        amount_text = self.get(key)
        for sign in CURRENCY_SIGNS:
            amount_text = amount_text.replace(sign, "")
        try:
            amount = amount_text and parse_number(amount_text)
        except ValueError as error:
            raise self.refusal(key, self.env._("an amount like 1234.50")) from error
        return float_round(amount or 0.0, precision_digits=2)
