import base64
import csv
import io

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

# Column headers accepted in a bank's CSV export, English or Chinese.
HEADERS = {
    "date": ("date", "日期", "交易日期", "记账日期"),
    "amount": ("amount", "金额", "交易金额", "收入金额", "贷方金额"),
    "label": ("reference", "label", "memo", "摘要", "附言", "用途", "备注"),
    "payer": ("payer", "partner", "对方户名", "付款人", "对方名称"),
}


class PropertyBankStatementImport(models.TransientModel):
    _name = "property.bank.statement.import"
    _description = "Import a Bank Statement (CSV)"

    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Account",
        required=True,
        domain="[('type', '=', 'bank'), ('company_id', 'in', allowed_company_ids)]",
    )
    data_file = fields.Binary(string="CSV File", required=True)
    filename = fields.Char()
    encoding = fields.Selection(
        [("utf-8-sig", "UTF-8"), ("gb18030", "GBK / GB18030 (Chinese banks)")],
        required=True,
        default="utf-8-sig",
    )

    def action_import(self):
        self.ensure_one()
        rows = self._parse()
        statement = self.env["account.bank.statement"].create(
            {
                "name": self.filename or self.env._("Imported statement"),
                "line_ids": [
                    Command.create({"journal_id": self.journal_id.id, **row})
                    for row in rows
                ],
            }
        )
        unmatched = statement.line_ids._property_auto_match()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_billing.property_unmatched_transfer_action"
        )
        action["domain"] = [("id", "in", unmatched.ids)]
        action["context"] = {}
        return action

    def _parse(self):
        try:
            text = base64.b64decode(self.data_file).decode(self.encoding)
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._(
                    "The file is not in %(encoding)s: choose the other encoding.",
                    encoding=self.encoding,
                )
            ) from error
        reader = csv.reader(io.StringIO(text))
        header = [cell.strip().lower() for cell in next(reader, [])]
        columns = {}
        for key, names in HEADERS.items():
            found = [index for index, cell in enumerate(header) if cell in names]
            if found:
                columns[key] = found[0]
        missing = {"date", "amount", "label"} - set(columns)
        if missing:
            raise UserError(
                self.env._(
                    "The first row must name the columns: a date, an amount and a "
                    "reference (摘要), e.g. “date,amount,reference,payer”."
                )
            )
        rows = []
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            rows.append(self._parse_row(number, row, columns))
        if not rows:
            raise UserError(self.env._("The file has no transaction to import."))
        return rows

    def _parse_row(self, number, row, columns):
        def cell(key):
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        try:
            date = fields.Date.to_date(cell("date").replace("/", "-"))
            amount = float(cell("amount").replace(",", "").replace("¥", ""))
        except ValueError as error:
            raise UserError(
                self.env._(
                    "Row %(row)s: the date must read like 2026-11-28 and the amount "
                    "like 1234.50. Nothing was imported.",
                    row=number,
                )
            ) from error
        if not date or not amount:
            raise UserError(
                self.env._(
                    "Row %(row)s has no date or no amount. Nothing was imported.",
                    row=number,
                )
            )
        label = " ".join(filter(None, [cell("label"), cell("payer")]))
        return {
            "date": date,
            "amount": float_round(amount, precision_digits=2),
            "payment_ref": label or "/",
            "partner_name": cell("payer") or False,
        }
