from odoo.addons.web.controllers.export import CSVExport, ExcelExport

from ..tools import escape_cell


def _escaped(rows):
    """``rows`` with every text cell a spreadsheet would run as a formula
    escaped: Odoo escapes ``=``, ``+`` and ``-`` in CSV only, and writes them
    as formulas in XLSX; residents type text that staff export."""
    return [[escape_cell(cell) for cell in row] for row in rows]


class PropertyCSVExport(CSVExport):
    def from_data(self, fields, columns_headers, rows):
        return super().from_data(fields, columns_headers, _escaped(rows))


class PropertyExcelExport(ExcelExport):
    def from_data(self, fields, columns_headers, rows):
        return super().from_data(fields, columns_headers, _escaped(rows))
