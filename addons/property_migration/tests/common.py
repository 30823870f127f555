import base64
import io

import openpyxl

from odoo.addons.property_billing.tests.common import BillingCase

from .. import sheets

HEADERS = {
    kind: [header for _key, header, _others, _req in columns]
    for kind, (_zh, _en, columns) in sheets.SHEETS.items()
}


def workbook(**rows_by_kind):
    """An xlsx workbook with the template's Chinese headers and these rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for kind, rows in rows_by_kind.items():
        sheet = book.create_sheet(sheets.SHEETS[kind][0])
        sheet.append(HEADERS[kind])
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return base64.b64encode(output.getvalue())


class MigrationCase(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_fixed = cls._create_fee_type("Parking Fee", "fixed", 150.0)
        cls.target = cls.env["property.community"].create(
            {"name": "Osmanthus Court", "code": "OSC", "company_id": cls.company.id}
        )

    def _rows(self):
        return {
            "units": [
                ["A", "A座", "1", 3, "0301", "住宅", 90],
                ["A", "A座", "1", 3, "0302", "住宅", 80.5],
            ],
            "residents": [
                ["A-1-0301", "李娜", "13800000001", "", "业主", 100, "2020-05-01"],
                ["A-1-0302", "王芳", "138 0000 0002", "", "业主", 50, "2021-01-01"],
                ["A-1-0302", "王强", "13800000003", "", "业主", 50, "2021-01-01"],
            ],
            "contracts": [
                ["A-1-0301", "Property Fee", 2.5, "月", "2026-06-30"],
                ["A-1-0301", "Parking Fee", "", "月", "2026-06-30"],
                ["A-1-0302", "Property Fee", 2.0, "季", "2026-06-30"],
            ],
            "arrears": [
                ["A-1-0301", "Property Fee", "2024-12", 225, "2024-12-15"],
                ["A-1-0301", "Parking Fee", "2024-12", 150, "2024-12-15"],
                ["A-1-0301", "Property Fee", "2025-01", 225, "2025-01-15"],
                ["A-1-0302", "Property Fee", "2026-01-01~2026-03-31", 483, ""],
            ],
            "prepayments": [["A-1-0302", "王芳", "13800000002", 300, "2026-06-30"]],
            "meters": [["A-1-0301", "水", 1234.5, "2026-06-30"]],
        }

    def _import_record(self, data=None, **values):
        return self.env["property.migration.import"].create(
            {
                "community_id": self.target.id,
                "file": data or workbook(**self._rows()),
                "filename": "old_system.xlsx",
                **values,
            }
        )

    def _run(self, record):
        """Dry run (which must be clean), then import."""
        record.action_dry_run()
        self.assertEqual(record.problem_count, 0, record.report)
        record.action_import()
        return record

    def _assert_import_refused(self, record):
        """Import refuses the file: it says so, and the report of its
        problems stays with the import."""
        action = record.action_import()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(record.state, "draft")
        self.assertGreater(record.problem_count, 0)
        self.assertIn("problem(s)", record.report)
        self.assertFalse(record.batch_ids)

    def _pay_part(self, invoice, amount):
        """Pay ``amount`` of ``invoice`` in the suite."""
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()

    def _units(self):
        return self.env["property.unit"].search(
            [("community_id", "=", self.target.id)], order="code"
        )

    def _opening_invoices(self):
        return self.env["account.move"].search(
            [
                ("property_unit_id", "in", self._units().ids),
                ("journal_id.code", "=", "OPEN"),
                ("move_type", "=", "out_invoice"),
            ],
            order="property_unit_id, property_period_start",
        )

    def _import_only(self, *sheet_names):
        """Import only these sheets of the usual file (e.g. the units and
        residents, before staff add what a later import meets)."""
        rows = self._rows()
        return self._run(
            self._import_record(workbook(**{name: rows[name] for name in sheet_names}))
        )
