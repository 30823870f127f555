import csv
import io
import json

import openpyxl

from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1)", "\tcmd", "\rcmd"]


@tagged("post_install", "-at_install")
class TestExport(HttpCase):
    """Text typed by residents leaves Odoo's list exports as text, never as a
    formula a spreadsheet would run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [{"name": "Resident", "street": formula} for formula in FORMULAS]
        )
        cls.user = new_test_user(
            cls.env,
            login="pm_exporter",
            groups="base.group_user,base.group_partner_manager,base.group_allow_export",
        )

    def _export(self, kind):
        self.authenticate(self.user.login, self.user.login)
        data = {
            "model": "res.partner",
            "fields": [{"name": "street", "label": "Street"}],
            "ids": self.partners.ids,
            "domain": [],
            "import_compat": False,
            "groupby": [],
        }
        response = self.url_open(
            f"/web/export/{kind}",
            data={"data": json.dumps(data), "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_csv_cells_are_text(self):
        rows = list(csv.reader(io.StringIO(self._export("csv").decode())))
        self.assertEqual(
            sorted(row[0] for row in rows[1:]),
            sorted("'" + formula for formula in FORMULAS),
        )

    def test_xlsx_cells_are_text(self):
        sheet = openpyxl.load_workbook(io.BytesIO(self._export("xlsx"))).active
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        self.assertEqual(len(cells), len(FORMULAS))
        for cell in cells:
            self.assertEqual(cell.data_type, "s", cell.value)
            self.assertTrue(cell.value.startswith("'"), cell.value)
