import csv
import io
import zipfile
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.property_billing.tests.common import BillingCase

DANGEROUS = [
    '=HYPERLINK("http://evil.example","Click")',
    "+86 138 0000 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "\tindented",
    "\rcarriage return",
]


@tagged("post_install", "-at_install")
class TestEvidencePackExport(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.case = cls.env["property.dunning.case"].create(
            {
                "partner_id": cls.owner.id,
                "company_id": cls.company.id,
                "community_id": cls.community.id,
            }
        )

    def _pack(self, extra_files):
        Case = type(self.case)
        original = Case._property_evidence_files

        def evidence_files(case):
            return original(case) + extra_files

        with patch.object(Case, "_property_evidence_files", evidence_files):
            action = self.case.action_evidence_pack()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        return zipfile.ZipFile(io.BytesIO(attachment.raw))

    def test_csv_cells_typed_by_residents_are_escaped(self):
        """A ticket title typed by a resident, starting with = + - @ tab or
        CR, reaches a court's spreadsheet as text, never as a formula."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["Ticket", "Title"])
        for number, title in enumerate(DANGEROUS, start=1):
            writer.writerow([f"T{number}", title])
        writer.writerow(["T9", "Leaking pipe, 3rd floor"])
        with self._pack(
            [("04_service_tickets.csv", buffer.getvalue().encode())]
        ) as pack:
            content = pack.read("04_service_tickets.csv").decode()
            self.assertIn("01_statement_of_account.pdf", pack.namelist())
        rows = list(csv.reader(io.StringIO(content, newline="")))
        self.assertEqual(rows[0], ["Ticket", "Title"])
        titles = [row[1] for row in rows[1:]]
        self.assertEqual(
            titles, ["'" + title for title in DANGEROUS] + ["Leaking pipe, 3rd floor"]
        )
        for title in titles:
            self.assertFalse(title.startswith(("=", "+", "-", "@", "\t", "\r")))

    def test_pdf_files_are_left_as_they_are(self):
        with self._pack([("05_photo.pdf", b"%PDF-1.4 =not a cell")]) as pack:
            self.assertEqual(pack.read("05_photo.pdf"), b"%PDF-1.4 =not a cell")
