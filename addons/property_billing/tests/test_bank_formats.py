import base64
import datetime
import io

import openpyxl
import xlwt

from odoo.exceptions import UserError
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from ..wizard.property_bank_statement_import import parse_date
from .common import CommunityRulesCase


class TestBankFormats(CommunityRulesCase):
    """Real exports of Chinese banks, as they come: account lines above the
    header, debit and credit columns, compact dates, totals below."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.company_data["default_journal_bank"]
        cls.reference_a = cls.invoice_a.payment_reference.replace(" ", "")

    def _import(self, data, filename="statement.csv", **values):
        wizard = self.env["property.bank.statement.import"].create(
            {
                "journal_id": self.bank.id,
                "data_file": base64.b64encode(data),
                "filename": filename,
                **values,
            }
        )
        return wizard.action_import()

    def _lines(self):
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank.id)], order="id"
        )

    def _icbc_csv(self):
        return (
            "中国工商银行 账户明细\n"
            "账号：,1202020209000012345\n"
            "户名：,翡翠湖物业管理有限公司\n"
            "起始日期：,20260101,截止日期：,20260131\n"
            "\n"
            "凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,"
            "对方行号,摘要,用途,对方单位名称,余额\n"
            f'0001,1202,"=""6222000011112222""",20260120,贷,,"250.00",102,跨行汇款,'
            f'{self.reference_a},张伟,"1,250.00"\n'
            '0002,1202,6222000033334444,20260121,借,"1,000.00",,102,代发工资,'
            'salary,某某公司,"250.00"\n'
            '0003,1202,6222000055556666,20260122,贷,,"1,088.00",102,转账,'
            '3-1-201 物业费,李娜,"1,338.00"\n'
            '合计,,,,,"1,000.00","1,338.00",,,,,\n'
        ).encode("gb18030")

    def test_icbc_csv_in_gbk_with_account_lines_debits_and_totals(self):
        result = self._import(self._icbc_csv())
        self.assertEqual(result["params"]["added"], 2)
        first, second = self._lines()
        self.assertEqual(first.date, datetime.date(2026, 1, 20))
        self.assertEqual(first.amount, 250.0)
        self.assertEqual(first.payment_ref, f"跨行汇款 {self.reference_a}")
        self.assertEqual(first.partner_name, "张伟")
        self.assertEqual(first.account_number, "6222000011112222")
        self.assertEqual(first.property_move_id, self.invoice_a)
        self.assertEqual(self.invoice_a.payment_state, "paid")
        self.assertEqual(second.amount, 1088.0)
        self.assertEqual(second.date, datetime.date(2026, 1, 22))
        self.assertFalse(second.is_reconciled)
        # The same file again adds nothing.
        again = self._import(self._icbc_csv())
        self.assertEqual(again["params"]["added"], 0)
        self.assertEqual(again["params"]["skipped"], 2)
        self.assertEqual(len(self._lines()), 2)

    def test_ccb_xlsx_with_datetimes_and_bracketed_headers(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["中国建设银行对公账户交易明细"])
        sheet.append(["账号", "11050163550000001234"])
        sheet.append(["起止日期", "2026-01-01", "2026-01-31"])
        sheet.append(
            [
                "交易时间",
                "借方发生额（支取）",
                "贷方发生额（收入）",
                "余额",
                "对方户名",
                "对方账号",
                "摘要",
                "备注",
                "账户明细编号-交易流水号",
            ]
        )
        sheet.append(
            [
                datetime.datetime(2026, 1, 20, 9, 30),
                None,
                250,
                250,
                "张伟",
                "6217000011112222",
                "转账",
                self.reference_a,
                "1-A001",
            ]
        )
        sheet.append(
            [
                datetime.datetime(2026, 1, 20, 9, 31),
                None,
                250,
                500,
                "张伟",
                "6217000011112222",
                "转账",
                "物业费",
                "1-A002",
            ]
        )
        sheet.append(
            [datetime.datetime(2026, 1, 21), 30, None, 470, "", "", "手续费", "", "1-3"]
        )
        sheet.append(["合计", 30, 500])
        stream = io.BytesIO()
        book.save(stream)
        data = stream.getvalue()
        result = self._import(data, filename="ccb.xlsx")
        self.assertEqual(result["params"]["added"], 2)
        lines = self._lines()
        self.assertEqual(lines.mapped("amount"), [250.0, 250.0])
        self.assertEqual(lines[0].property_move_id, self.invoice_a)
        self.assertEqual(
            lines.mapped("transaction_details"),
            [{"transaction": "1-A001"}, {"transaction": "1-A002"}],
        )
        again = self._import(data, filename="ccb.xlsx")
        self.assertEqual(again["params"]["added"], 0)
        self.assertEqual(again["params"]["skipped"], 2)

    def test_abc_xls_with_income_and_expense_columns(self):
        book = xlwt.Workbook()
        sheet = book.add_sheet("明细")
        rows = [
            ["账户名称", "翡翠湖物业管理有限公司"],
            ["交易日期", "交易时间", "收入金额", "支出金额", "本次余额", "对方户名"]
            + ["交易用途"],
            [
                "2026-01-20",
                "10:23:45",
                "250.00",
                "",
                "250.00",
                "张伟",
                self.reference_a,
            ],
            ["2026-01-21", "11:00:00", "", "12.50", "237.50", "", "短信费"],
        ]
        for row_index, row in enumerate(rows):
            for column, value in enumerate(row):
                sheet.write(row_index, column, value)
        stream = io.BytesIO()
        book.save(stream)
        result = self._import(stream.getvalue(), filename="abc.xls")
        self.assertEqual(result["params"]["added"], 1)
        self.assertEqual(self.invoice_a.payment_state, "paid")

    def test_one_amount_column_with_a_debit_credit_flag(self):
        text = (
            "记账日期,借贷标志,交易金额,对方账户名称,附言\n"
            f"2026/01/20 08:15:00,贷,250,张伟,{self.reference_a}\n"
            "2026/01/20 08:16:00,借,99,电力公司,电费\n"
        )
        result = self._import(text.encode())
        self.assertEqual(result["params"]["added"], 1)
        self.assertEqual(self._lines().amount, 250.0)

    def test_csv_encoding_is_detected(self):
        text = f"交易日期,收入金额,摘要\n20260120,250,{self.reference_a}\n"
        first = self._import(text.encode("gb18030"))
        self.assertEqual(first["params"]["added"], 1)
        self.assertEqual(self.invoice_a.payment_state, "paid")
        for encoding in ("utf-8-sig", "utf-8"):
            with self.subTest(encoding=encoding):
                # Read as the same line: already imported.
                again = self._import(text.encode(encoding))
                self.assertEqual(again["params"]["skipped"], 1)

    def test_dates_banks_write(self):
        expected = datetime.date(2026, 1, 20)
        for text in (
            "20260120",
            "2026-01-20",
            "2026/01/20",
            "2026/1/20",
            "2026.01.20",
            "2026年1月20日",
            "2026-01-20 10:23:45",
            "2026-01-20T10:23",
            "20260120 10:23:45",
            "20260120102345",
        ):
            with self.subTest(text=text):
                self.assertEqual(parse_date(text), expected)
        for text in ("20.01.2026", "2026-02-30", "2026013", "01/20/2026", "today"):
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_date(text)

    def test_bad_rows_of_a_bank_export_are_refused_with_row_and_column(self):
        header = "账号：,1202\n交易日期,贷方发生额,借方发生额,摘要\n"
        cases = [
            ("20261301,10,,物业费", "Row 3, column “交易日期”"),
            ("20260120,1O0,,物业费", "Row 3, column “贷方发生额”"),
            (",10,,物业费", "Row 3 has no date"),
        ]
        for line, message in cases:
            with self.subTest(line=line), self.assertRaisesRegex(UserError, message):
                self._import(f"{header}{line}\n".encode())
        self.assertFalse(self._lines())

    def test_a_file_without_a_header_or_damaged_is_refused(self):
        with self.assertRaisesRegex(UserError, "Missing: an amount"):
            self._import(
                "账号：,1202\n交易日期,对方户名,摘要\n20260120,张伟,x\n".encode()
            )
        with (
            self.assertRaisesRegex(UserError, "Excel file cannot be read"),
            mute_logger("odoo.tools.mimetypes"),
        ):
            self._import(b"PK\x03\x04 not really a zip", filename="x.xlsx")
        with self.assertRaisesRegex(UserError, "Excel file cannot be read"):
            self._import(b"\xd0\xcf\x11\xe0 not really a workbook", filename="x.xls")
        with self.assertRaisesRegex(UserError, "no transaction"):
            self._import(
                "交易日期,贷方发生额,借方发生额,摘要\n20260120,,10,fee\n".encode()
            )
        self.assertFalse(self._lines())

    # ------------------------------------------------------------------
    # The picker of an unmatched transfer
    # ------------------------------------------------------------------
    def _unmatched(self, payer):
        self._import(
            f"交易日期,贷方金额,对方户名,摘要\n20260120,88,{payer},x\n".encode()
        )
        line = self._lines()[-1:]
        self.assertFalse(line.is_reconciled)
        return line

    def _offered(self, wizard, text="", user=None):
        """The bills the picker offers for ``text``, as the web client asks."""
        field = wizard._fields["move_id"]
        domain = safe_eval(
            field.domain,
            {
                "company_id": wizard.company_id.id,
                "partner_id": wizard.partner_id.id,
                "community_id": wizard.community_id.id,
            },
        )
        Move = self.env["account.move"].with_user(user or self.env.user)
        found = Move.with_context(property_bill_label=True).name_search(
            text, domain, limit=50
        )
        return Move.browse([move_id for move_id, _label in found]), found

    def test_picker_offers_the_likely_payers_open_fee_bills(self):
        line = self._unmatched("李娜")
        wizard = (
            self.env["property.transfer.match"]
            .with_context(active_model="account.bank.statement.line", active_id=line.id)
            .create({"move_id": self.invoice_b.id})
        )
        self.assertEqual(wizard.partner_id, self.owner_b)
        self.assertEqual(wizard.community_id, self.community_b)
        offered, labels = self._offered(wizard)
        self.assertEqual(offered, self.invoice_b)
        self.assertIn(self.unit_b.code, labels[0][1])
        self.assertIn("2026-01", labels[0][1])
        # Cleared, every open fee bill of the company; not a paid one.
        wizard.partner_id = False
        wizard.community_id = False
        offered, _labels = self._offered(wizard)
        self.assertEqual(offered, self.invoice_a | self.invoice_b)
        wizard.action_match()
        self.assertTrue(line.is_reconciled)

    def test_picker_finds_a_bill_by_its_unit_code(self):
        line = self._unmatched("someone else")
        wizard = self.env["property.transfer.match"].create(
            {"statement_line_id": line.id, "move_id": self.invoice_a.id}
        )
        self.assertFalse(wizard.partner_id)
        self.assertFalse(wizard.community_id)
        # Both communities have a unit of this code.
        self.assertEqual(self.unit.code, self.unit_b.code)
        offered, _labels = self._offered(wizard, self.unit_b.code)
        self.assertEqual(offered, self.invoice_a | self.invoice_b)
        self.assertFalse(self._offered(wizard, "9-9-9999")[0])
        wizard.community_id = self.community_b
        offered, _labels = self._offered(wizard, self.unit_b.code)
        self.assertEqual(offered, self.invoice_b)
        # Staff of the first community find no bill of the other one.
        wizard.community_id = False
        offered, _labels = self._offered(wizard, self.unit.code, user=self.staff_a)
        self.assertEqual(offered, self.invoice_a)

    def test_likely_payer_by_bank_account(self):
        self.env["res.partner.bank"].create(
            {"acc_number": "6222000055556666", "partner_id": self.owner_b.id}
        )
        self._import(
            "交易日期,贷方金额,对方账号,对方户名,摘要\n"
            "20260120,88,6222000055556666,LI Na,x\n".encode()
        )
        self.assertEqual(self._lines()._property_likely_payer(), self.owner_b)
