import base64
import io
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .. import sheets
from ..models import property_migration_import_rows
from .common import MigrationCase, workbook


class TestDryRun(MigrationCase):
    def test_template_has_every_sheet_with_chinese_headers(self):
        book = openpyxl.load_workbook(io.BytesIO(sheets.write_template()))
        self.assertEqual(
            book.sheetnames, ["房屋", "住户", "收费合同", "欠费", "预收款", "抄表"]
        )
        self.assertEqual(
            [cell.value for cell in book["欠费"][1]],
            ["房屋编号", "收费项目", "所属期间", "欠费金额", "应缴日期"],
        )
        record = self._import_record()
        action = record.action_download_template()
        self.assertIn(
            f"/web/content/{record._name}/{record.id}/template_file/", action["url"]
        )
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(record.template_file))
        )
        self.assertIn("预收款", book.sheetnames)

    def test_clean_file_reports_totals_and_writes_nothing(self):
        record = self._import_record()
        record.action_dry_run()
        self.assertEqual(record.state, "checked")
        self.assertEqual(record.problem_count, 0)
        self.assertIn("Arrears 2024", record.report)
        self.assertIn("2 / 375.00", record.report)
        self.assertIn("1 / 300.00", record.report)
        self.assertFalse(
            self.env["property.unit"].search([("community_id", "=", self.target.id)])
        )
        # A new file sends the import back to a dry run.
        record.file = workbook(**self._rows())
        self.assertEqual(record.state, "draft")

    def test_every_problem_is_reported_with_sheet_row_and_column(self):
        rows = self._rows()
        rows["units"].append(["A", "A座", "1", 3, "0301", "住宅", 70])
        rows["residents"].append(
            ["A-1-0302", "赵六", "13800000004", "", "业主", 10, "2021-01-01"]
        )
        rows["residents"].append(
            ["A-9-9999", "钱七", "13800000005", "", "业主", 100, "2021-01-01"]
        )
        rows["contracts"].append(["A-1-0302", "Water", 3, "月", "2026-06-30"])
        rows["arrears"].append(["A-1-0302", "Property Fee", "2026-09", 160, ""])
        rows["arrears"].append(["A-1-0301", "Property Fee", "2025-01", "abc", ""])
        rows["arrears"].append(["A-1-0301", "Property Fee", "2024-12", 1, ""])
        rows["meters"].append(["A-1-0301", "蒸汽", 1, "2026-06-30"])
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self.assertEqual(record.state, "draft")
        expected = [
            ("Units", "4", "房号", "appears twice"),
            ("Residents", "5", "产权份额", "may not exceed 100"),
            ("Residents", "6", "房屋编号", "Unknown unit A-9-9999"),
            ("Contracts", "5", "收费项目", "Unknown fee item"),
            ("Arrears", "6", "所属期间", "no contract in the file bills"),
            ("Arrears", "7", "欠费金额", "is not a number"),
            ("Arrears", "8", "所属期间", "Duplicate of row 2"),
            ("Meter Readings", "3", "表类型", "is not one of"),
        ]
        for sheet, row, column, message in expected:
            self.assertRegex(
                record.report,
                rf"<td>{sheet}</td><td>{row}</td><td>{column}</td><td>[^<]*{message}",
            )
        self.assertEqual(record.problem_count, len(expected))
        self._assert_import_refused(record)
        self.assertFalse(
            self.env["property.unit"].search([("community_id", "=", self.target.id)])
        )

    def test_missing_column_and_unreadable_file(self):
        record = self._import_record(self._bad_header_book())
        record.action_dry_run()
        self.assertIn("Missing column", record.report)
        record.file = base64.b64encode(b"not a workbook")
        with self.assertRaises(UserError):
            record.action_dry_run()

    def test_file_over_the_size_cap_is_refused(self):
        record = self._import_record()
        with (
            patch.object(property_migration_import_rows, "MAX_FILE_MB", 0),
            self.assertRaisesRegex(UserError, "split it"),
        ):
            record.action_dry_run()
        self.assertEqual(record.state, "draft")

    def _bad_header_book(self):
        book = openpyxl.Workbook()
        book.active.title = "房屋"
        book.active.append(["楼栋编号", "房号"])
        book.active.append(["A", "0101"])
        book.create_sheet("Sheet9")
        output = io.BytesIO()
        book.save(output)
        return base64.b64encode(output.getvalue())

    def test_csv_of_one_sheet(self):
        data = "\ufeff房屋编号,表类型,读数,抄表日期\nA-1-0301,电,10,2026/06/30\n"
        record = self._import_record(
            base64.b64encode(data.encode()), filename="meters.csv"
        )
        with self.assertRaises(UserError):
            record.action_dry_run()
        record.csv_sheet = "meters"
        record.action_dry_run()
        self.assertIn("Unknown unit A-1-0301", record.report)

    def test_english_headers_and_values(self):
        book = openpyxl.Workbook()
        book.active.title = "Units"
        book.active.append(["Building", "Entrance", "Number", "Type", "Area"])
        book.active.append(["B", "2", "0101", "commercial", "1,200.5"])
        output = io.BytesIO()
        book.save(output)
        record = self._import_record(base64.b64encode(output.getvalue()))
        record.action_dry_run()
        self.assertEqual(record.problem_count, 0, record.report)
        record.action_import()
        unit = self.env["property.unit"].search([("community_id", "=", self.target.id)])
        self.assertEqual(
            (unit.code, unit.unit_type, unit.area), ("B-2-0101", "commercial", 1200.5)
        )


class TestImportAccess(MigrationCase):
    def test_only_managers_import(self):
        record = self._import_record()
        staff = new_test_user(
            self.env,
            login="migration_staff",
            groups="property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        staff.property_community_ids = self.target
        portal = self._portal_user("migration_resident")
        for user in (staff, portal):
            with self.assertRaises(AccessError):
                record.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.env["property.migration.import"].with_user(user).create(
                    {"community_id": self.target.id}
                )
            with self.assertRaises(AccessError):
                record.with_user(user).action_dry_run()
            with self.assertRaises(AccessError):
                record.with_user(user).action_download_template()
