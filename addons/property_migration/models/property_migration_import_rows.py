"""Reading the workbook and checking its cells: the plan of the dry run, units and
meter readings.
"""

import base64

from odoo import models
from odoo.exceptions import UserError

from .. import sheets

MAX_FILE_MB = 100


class PropertyMigrationImportRows(models.AbstractModel):
    """Part of ``property.migration.import``, which inherits it."""

    _name = "property.migration.import.rows"
    _description = "Community Import: Reading the File"

    def _read_file(self, problems):
        if not self.file:
            raise UserError(
                self.env._("Upload the workbook (xlsx) or a CSV file of one sheet.")
            )
        data = base64.b64decode(self.file)
        if len(data) > MAX_FILE_MB * 1024 * 1024:
            raise UserError(
                self.env._(
                    "The file is larger than %(max)s MB: split it, for example one "
                    "file per group of buildings, and import the files one after "
                    "the other.",
                    max=MAX_FILE_MB,
                )
            )
        filename = (self.filename or "").lower()
        if filename.endswith(".csv"):
            if not self.csv_sheet:
                raise UserError(
                    self.env._("Choose which sheet the CSV file holds, then retry.")
                )
            return {self.csv_sheet: sheets.read_csv(data)}
        try:
            found, unknown = sheets.read_xlsx(data)
        except Exception as error:
            raise UserError(
                self.env._(
                    "The file cannot be read as an xlsx workbook (%(error)s): save "
                    "it as .xlsx, or upload one sheet as .csv.",
                    error=error,
                )
            ) from error
        for name in unknown:
            problems.append(
                (
                    name,
                    "",
                    "",
                    self.env._(
                        "Unknown sheet: rename it as in the template or remove it."
                    ),
                )
            )
        return found

    def _rows(self, kind, table, problems):
        """``[(row number, {key: value})]`` of a sheet's rows."""
        if not table:
            return []
        columns, missing = sheets.column_map(kind, table[0])
        label = str(sheets.SHEET_LABELS[kind])
        for header in missing:
            problems.append(
                (
                    label,
                    1,
                    header,
                    self.env._("Missing column: add it with this header."),
                )
            )
        if missing:
            return []
        rows = []
        for number, row in enumerate(table[1:], start=2):
            if all(sheets.is_empty(value) for value in row):
                continue
            rows.append(
                (
                    number,
                    {
                        key: row[index] if index < len(row) else None
                        for key, index in columns.items()
                    },
                )
            )
        return rows

    def _plan(self):
        """Read and check the file: ``{problems, units, residents, contracts,
        arrears, prepayments, meters}``, nothing written."""
        self.ensure_one()
        problems = []
        tables = self._read_file(problems)
        plan = {"problems": problems}
        community = self.community_id
        existing_units = {
            unit.code: unit
            for unit in self.env["property.unit"].search(
                [("community_id", "=", community.id)]
            )
        }
        plan["units"] = self._check_units(
            self._rows("units", tables.get("units"), problems), problems
        )
        known_units = set(existing_units) | set(plan["units"])
        plan["residents"] = self._check_residents(
            self._rows("residents", tables.get("residents"), problems),
            known_units,
            problems,
        )
        fee_types = {
            fee_type.name: fee_type
            for fee_type in self.env["property.fee.type"].search(
                [("company_id", "=", community.company_id.id)]
            )
        }
        payers = self._units_with_payer(plan["residents"], existing_units)
        plan["contracts"] = self._check_contracts(
            self._rows("contracts", tables.get("contracts"), problems),
            known_units,
            payers,
            fee_types,
            problems,
        )
        # The contracts the import continues: an earlier import's, else the
        # unit's active contract, adopted (never a second active contract).
        existing_contracts = self._existing_contracts(existing_units)
        plan["notes"] = [
            self.env._(
                "Unit %(unit)s already has the active contract %(contract)s: the "
                "import adds the fee items of the file to it and sets their agreed "
                "rates instead of creating a second contract; its start, cycle and "
                "other fee items stay as they are.",
                unit=code,
                contract=existing_contracts[code][0].name,
            )
            for code in plan["contracts"]
            if code in existing_contracts and existing_contracts[code][1]
        ]
        self._check_occupancies(plan, existing_units, problems)
        plan["arrears"] = self._check_arrears(
            self._rows("arrears", tables.get("arrears"), problems),
            known_units,
            plan["contracts"],
            fee_types,
            problems,
        )
        self._check_invoice_mode(plan, problems)
        self._check_opening_invoices(
            plan,
            {
                code: contract
                for code, (contract, _adopted) in existing_contracts.items()
                if code in plan["contracts"]
            },
            problems,
        )
        self._check_contract_billing(plan, existing_contracts, problems)
        plan["withdrawn"] = (
            self._withdrawn_opening_invoices(plan, problems)
            if tables.get("arrears")
            else self.env["account.move"]
        )
        plan["prepayments"] = self._check_prepayments(
            self._rows("prepayments", tables.get("prepayments"), problems),
            known_units,
            existing_units,
            plan["residents"],
            payers | set(existing_contracts),
            problems,
        )
        self._check_prepayment_changes(plan, problems)
        plan["meters"] = self._check_meters(
            self._rows("meters", tables.get("meters"), problems), known_units, problems
        )
        return plan

    def _problem(self, problems, kind, row, key, message):
        problems.append(
            (str(sheets.SHEET_LABELS[kind]), row, sheets.header_of(kind, key), message)
        )

    def _problem_no_payer(self, problems, kind, row, unit):
        self._problem(
            problems,
            kind,
            row,
            "unit",
            self.env._(
                "Unit %(unit)s has no owner or payer: add one to the residents sheet.",
                unit=unit,
            ),
        )

    def _required(self, kind, row, values, problems):
        """Whether every required cell of ``values`` is filled; report those
        that are not."""
        ok = True
        for key, _zh, _others, required in sheets.SHEETS[kind][2]:
            if required and sheets.is_empty(values.get(key)):
                self._problem(
                    problems, kind, row, key, self.env._("Empty cell: fill it in.")
                )
                ok = False
        return ok

    def _number(self, kind, row, values, key, problems, minimum=0.0, strict=False):
        number = sheets.to_number(values.get(key))
        if number is None:
            self._problem(
                problems,
                kind,
                row,
                key,
                self.env._(
                    "“%(value)s” is not a number: write the amount as digits, "
                    "e.g. 1234.50.",
                    value=sheets.to_text(values.get(key)),
                ),
            )
        elif number < minimum or (strict and number <= minimum):
            self._problem(
                problems,
                kind,
                row,
                key,
                self.env._(
                    "%(value)s is too small: it must be above zero.", value=number
                )
                if strict
                else self.env._("%(value)s cannot be negative.", value=number),
            )
            return None
        return number

    def _money(self, kind, row, values, key, problems):
        """An amount of money above zero, in the company's currency's
        decimals (fen), or ``None``."""
        amount = self._number(kind, row, values, key, problems, strict=True)
        digits = self.community_id.company_id.currency_id.decimal_places
        if amount is not None and not sheets.decimals_ok(amount, digits):
            self._problem(
                problems,
                kind,
                row,
                key,
                self.env._(
                    "%(value)s has more than %(digits)s decimals: round the "
                    "amount to the fen, e.g. 1234.50.",
                    value=sheets.to_text(values.get(key)),
                    digits=digits,
                ),
            )
            return None
        return amount

    def _date(self, kind, row, values, key, problems):
        date = sheets.to_date(values.get(key))
        if date is None:
            self._problem(
                problems,
                kind,
                row,
                key,
                self.env._(
                    "“%(value)s” is not a date: write it as 2026-06-30.",
                    value=sheets.to_text(values.get(key)),
                ),
            )
        return date

    def _choice(self, kind, row, values, key, choices, default, problems):
        text = sheets.to_text(values.get(key))
        if not text:
            return default
        choice = choices.get(text.lower())
        if not choice:
            self._problem(
                problems,
                kind,
                row,
                key,
                self.env._(
                    "“%(value)s” is not one of: %(choices)s.",
                    value=text,
                    choices="、".join(choices),
                ),
            )
        return choice

    def _unit_known(self, kind, row, unit_code, known_units, problems):
        if unit_code not in known_units:
            self._problem(
                problems,
                kind,
                row,
                "unit",
                self.env._(
                    "Unknown unit %(unit)s: add it to the units sheet or correct "
                    "the code (building-entrance-number, e.g. 1-1-0302).",
                    unit=unit_code,
                ),
            )
            return False
        return True

    def _check_units(self, rows, problems):
        units = {}
        for row, values in rows:
            if not self._required("units", row, values, problems):
                continue
            area = self._number("units", row, values, "area", problems, strict=True)
            unit_type = self._choice(
                "units",
                row,
                values,
                "unit_type",
                sheets.UNIT_TYPES,
                "residential",
                problems,
            )
            floor = sheets.to_text(values.get("floor"))
            if floor and sheets.to_number(floor) is None:
                self._problem(
                    problems,
                    "units",
                    row,
                    "floor",
                    self.env._("The floor is a whole number, e.g. 3 or -1."),
                )
            entry = {
                "row": row,
                "building_code": sheets.to_text(values["building_code"]),
                "building_name": sheets.to_text(values.get("building_name")),
                "entrance": sheets.to_text(values.get("entrance")),
                "floor": int(sheets.to_number(floor) or 0),
                "number": sheets.to_text(values["number"]),
                "unit_type": unit_type,
                "area": area,
            }
            code = "-".join(
                part
                for part in (entry["building_code"], entry["entrance"], entry["number"])
                if part
            )
            if code in units:
                self._problem(
                    problems,
                    "units",
                    row,
                    "number",
                    self.env._(
                        "Unit %(unit)s appears twice (row %(first)s): keep one row.",
                        unit=code,
                        first=units[code]["row"],
                    ),
                )
                continue
            if area is not None and unit_type:
                units[code] = entry
        return units

    def _fee_type(self, kind, row, values, fee_types, problems):
        name = sheets.to_text(values["fee_type"])
        fee_type = fee_types.get(name)
        if not fee_type:
            self._problem(
                problems,
                kind,
                row,
                "fee_type",
                self.env._(
                    "Unknown fee item “%(fee)s”: create it in Property > "
                    "Configuration > Fee Items or use one of: %(known)s.",
                    fee=name,
                    known="、".join(fee_types) or "-",
                ),
            )
        return fee_type

    def _check_meters(self, rows, known_units, problems):
        meters = []
        seen = {}
        for row, values in rows:
            if not self._required("meters", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("meters", row, unit, known_units, problems)
            meter = self._choice(
                "meters", row, values, "meter", sheets.METERS, None, problems
            )
            value = self._number("meters", row, values, "value", problems)
            date = self._date("meters", row, values, "date", problems)
            if not (known and meter and value is not None and date):
                continue
            key = (unit, meter, date)
            if key in seen:
                self._problem(
                    problems,
                    "meters",
                    row,
                    "date",
                    self.env._(
                        "Duplicate of row %(first)s (same unit, meter and date): "
                        "keep one row.",
                        first=seen[key],
                    ),
                )
                continue
            seen[key] = row
            meters.append({"unit": unit, "meter": meter, "value": value, "date": date})
        return meters
