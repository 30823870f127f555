from odoo import models

from odoo.addons.base_import.models.base_import import ImportValidationError

from ..tools import is_formula_like, parse_number

NUMBER_FIELD_TYPES = ("integer", "float", "monetary")
# The estate's own models: their imports refuse formulas and odd numbers.
STRICT_MODELS = (
    "property.community",
    "property.building",
    "property.unit",
    "property.occupancy",
)


def _is_plain_number(cell):
    try:
        parse_number(cell)
    except ValueError:
        return False
    return True


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    def execute_import(self, fields, columns, options, dryrun=False):
        if self.res_model in STRICT_MODELS:
            try:
                data, import_fields = self._convert_import_data(fields, options)
            except ImportValidationError:
                data = None  # reported as usual by the standard import below
            if data:
                labels = [
                    column or field
                    for column, field in zip(columns, fields, strict=False)
                    if field
                ]
                messages = self._property_check_cells(
                    data, import_fields, labels, options
                )
                if messages:
                    return {"ids": False, "messages": messages}
        return super().execute_import(fields, columns, options, dryrun=dryrun)

    def _property_field(self, path):
        """The field an import column ``a/b/c`` writes to."""
        model = self.env[self.res_model]
        field = None
        for name in path.split("/"):
            field = model._fields.get(name)
            if field is None:
                return None
            if field.relational:
                model = self.env[field.comodel_name]
        return field

    def _property_check_cells(self, data, import_fields, labels, options):
        """Messages for the cells a spreadsheet would run as formulas and the
        numbers that are not plain finite numbers, with the line of the file
        and the column; nothing is imported unless there are none."""
        first_line = 1 + bool(options.get("has_headers")) + (options.get("skip") or 0)
        numeric = {
            index
            for index, path in enumerate(import_fields)
            if (field := self._property_field(path)) is not None
            and field.type in NUMBER_FIELD_TYPES
            and path.split("/")[-1] != "id"
        }
        messages = []
        for row_index, row in enumerate(data):
            for index, cell in enumerate(row):
                if not cell:
                    continue
                message = self._property_cell_error(cell, index in numeric)
                if message:
                    messages.append(
                        {
                            "type": "error",
                            "message": self.env._(
                                "Line %(line)s, column %(column)s: %(problem)s",
                                line=first_line + row_index,
                                column=labels[index],
                                problem=message,
                            ),
                            "record": row_index,
                            "rows": {"from": row_index, "to": row_index},
                            "field": import_fields[index],
                        }
                    )
        return messages

    def _property_cell_error(self, cell, numeric):
        shown = cell.encode("unicode_escape").decode()[:40]
        if numeric and _is_plain_number(cell):
            return None
        if is_formula_like(cell):
            return self.env._(
                "%(value)s would run as a formula in a spreadsheet. Remove the "
                "leading =, +, -, @ or tab and type the value itself.",
                value=shown,
            )
        if numeric:
            return self.env._(
                "%(value)s is not a number this import accepts. Type a plain "
                "number such as 89.50, without formulas, letters or symbols.",
                value=shown,
            )
        if "\x00" in cell:
            return self.env._(
                "%(value)s contains a NUL character. Remove it from the cell.",
                value=shown,
            )
        return None
