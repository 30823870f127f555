import base64
import hashlib
import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape
from psycopg2 import OperationalError

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.property_billing import speedups
from odoo.addons.property_billing.concurrency import lock_nowait
from odoo.addons.property_billing.period import period_containing

from .. import plan_codec, sheets

_logger = logging.getLogger(__name__)

# Module of the import keys (ir.model.data) of the records an import writes.
IMPORT_MODULE = "__property_import__"
OPENING_JOURNAL_CODE = "OPEN"
# Rows written per batch, each batch in a transaction of its own.
BATCH_SIZE = 1000
# A file of up to this many rows is written at once, in the request (all or
# nothing); a larger one by the scheduler, batch after batch.
IMMEDIATE_ROWS = 3000
MAX_FILE_MB = 100


class PropertyMigrationImport(models.Model):
    _name = "property.migration.import"
    _description = "Community Import"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        check_company=True,
        ondelete="cascade",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    file = fields.Binary(string="Workbook", attachment=True)
    filename = fields.Char()
    template_file = fields.Binary(attachment=True, readonly=True)
    csv_sheet = fields.Selection(
        [
            ("units", "Units"),
            ("residents", "Residents"),
            ("contracts", "Contracts"),
            ("arrears", "Arrears"),
            ("prepayments", "Prepayments"),
            ("meters", "Meter Readings"),
        ],
        string="CSV Sheet",
        help="Which sheet a CSV file holds; a workbook names its own sheets.",
    )
    invoice_per_year = fields.Boolean(
        string="One Opening Invoice per Year",
        help="Put a unit's arrears of one year on one opening invoice instead of "
        "one per period.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("checked", "Ready to Import"),
            ("running", "Importing"),
            ("failed", "Stopped"),
            ("done", "Imported"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    problem_count = fields.Integer(readonly=True)
    report = fields.Html(readonly=True, sanitize=True)
    summary = fields.Html(readonly=True, sanitize=True)
    totals = fields.Html(
        readonly=True, sanitize=True, help="What the import writes, for the summary."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Imported By",
        readonly=True,
        help="The scheduler writes the batches with this user's rights.",
    )
    batch_ids = fields.One2many("property.migration.batch", "import_id")
    batch_count = fields.Integer(readonly=True)
    batch_done_count = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress")
    counts = fields.Json(readonly=True, help="Records created, updated, unchanged.")
    error = fields.Text(
        readonly=True,
        help="Why the import stopped; resume it once the cause is fixed.",
    )

    @api.depends("community_id", "filename")
    def _compute_name(self):
        for record in self:
            record.name = " - ".join(
                part for part in (record.community_id.name, record.filename) if part
            )

    @api.depends("batch_count", "batch_done_count")
    def _compute_progress(self):
        for record in self:
            record.progress = (
                100.0 * record.batch_done_count / record.batch_count
                if record.batch_count
                else 0.0
            )

    def write(self, vals):
        if {"file", "csv_sheet", "community_id", "invoice_per_year"} & vals.keys():
            if self.filtered(lambda record: record.state in ("running", "failed")):
                raise UserError(
                    self.env._(
                        "This import is writing its file in batches: wait until it "
                        "is imported (or check the file again if it stopped) before "
                        "changing it."
                    )
                )
            vals = {**vals, "state": "draft"}
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_download_template(self):
        """The xlsx template with the sheets and Chinese headers to fill."""
        self.ensure_one()
        self._check_manager()
        super().write({"template_file": base64.b64encode(sheets.write_template())})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/template_file/"
            "property_import_template.xlsx?download=true",
            "target": "download",
        }

    def action_dry_run(self):
        self.ensure_one()
        self._check_manager()
        self._check_not_running()
        plan = self._plan()
        self._batches_sudo().unlink()
        values = {
            "problem_count": len(plan["problems"]),
            "report": self._report_html(plan),
            "state": "checked" if not plan["problems"] else "draft",
            "batch_count": 0,
            "batch_done_count": 0,
            "error": False,
        }
        super().write(values)
        return True

    def action_import(self):
        """Check the file again and write it: a small file at once, all or
        nothing; a large one in batches by the scheduler, with a progress
        bar."""
        self.ensure_one()
        if not self._start():
            # Returned, not raised: the report of the problems stays.
            return self._notify(
                self.env._(
                    "The file has %(count)s problem(s) and nothing was written: "
                    "correct them as the report says, upload it again and import.",
                    count=self.problem_count,
                ),
                "danger",
            )
        if sum(self._batches_sudo().mapped("row_count")) <= IMMEDIATE_ROWS:
            while self._process_batch():
                pass
            return True
        self.env.ref("property_migration.ir_cron_process_imports")._trigger()
        return self._notify(
            self.env._(
                "The file is being imported in %(count)s batches in the background: "
                "reload the page to follow the progress bar.",
                count=self.batch_count,
            ),
            "info",
        )

    def action_resume(self):
        """Go on with a stopped import where it stopped."""
        self._check_manager()
        self.filtered(lambda record: record.state == "failed").write(
            {"state": "running", "error": False, "user_id": self.env.uid}
        )
        self.env.ref("property_migration.ir_cron_process_imports")._trigger()
        return True

    def _notify(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": kind,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_not_running(self):
        if self.state == "running":
            raise UserError(
                self.env._(
                    "This import is writing its file in batches: wait until it is "
                    "imported, then check or import again."
                )
            )

    # ------------------------------------------------------------------
    # Batches
    # ------------------------------------------------------------------
    def _start(self, batch_size=BATCH_SIZE):
        """Check the file and cut what it writes into batches. Return False
        (the report saying why) when the file has problems."""
        self.ensure_one()
        self._check_manager()
        self._check_not_running()
        other = self.search(
            [
                ("community_id", "=", self.community_id.id),
                ("state", "in", ("running", "failed")),
                ("id", "!=", self.id),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                self.env._(
                    "The import %(other)s of this community is not finished: let it "
                    "finish (or check its file again if it stopped) first.",
                    other=other.name,
                )
            )
        plan = self._plan()
        self._batches_sudo().unlink()
        if plan["problems"]:
            super().write(
                {
                    "problem_count": len(plan["problems"]),
                    "report": self._report_html(plan),
                    "state": "draft",
                    "batch_count": 0,
                    "batch_done_count": 0,
                }
            )
            return False
        if plan["arrears"] or plan["prepayments"]:
            self._opening_journal()
        if plan["arrears"]:
            self._record_invoice_mode()
        batches = self._batches_sudo().create(
            [
                {
                    "import_id": self.id,
                    "sequence": sequence,
                    "stage": stage,
                    "row_count": rows,
                    "payload": plan_codec.dump(payload),
                }
                for sequence, (stage, rows, payload) in enumerate(
                    self._batches(plan, batch_size)
                )
            ]
        )
        super().write(
            {
                "state": "running",
                "problem_count": 0,
                "report": self._report_html(plan),
                "totals": self._totals_html(plan),
                "summary": False,
                "counts": {},
                "error": False,
                "user_id": self.env.uid,
                "batch_count": len(batches),
                "batch_done_count": 0,
            }
        )
        return True

    def _batches_sudo(self):
        """The import's batches, which only its own code writes: a manager
        could otherwise change the checked rows between the check and the
        writing. Callers check the manager first (``_check_manager``)."""
        # sudo: every caller has run _check_manager; batches hold rows this
        # code checked and writes, never a client's values.
        return (
            self.env["property.migration.batch"]
            .sudo()
            .search([("import_id", "in", self.ids)])
        )

    def _batches(self, plan, batch_size):
        """``[(stage, row count, payload)]``: the plan cut into batches of
        about ``batch_size`` rows, in the order they must be written (units
        before their residents, contracts before their arrears)."""

        def chunks(items, size_of=lambda item: 1):
            chunk, rows = [], 0
            for item in items:
                chunk.append(item)
                rows += size_of(item)
                if rows >= batch_size:
                    yield chunk, rows
                    chunk, rows = [], 0
            if chunk:
                yield chunk, rows

        result = []
        for chunk, rows in chunks(plan["units"].items()):
            result.append(("units", rows, dict(chunk)))
        # A person's rows stay together: they are one partner.
        people = defaultdict(list)
        for resident in plan["residents"]:
            people[resident["person"]].append(resident)
        adopted = plan.get("adopted_partners", {})
        for chunk, rows in chunks(people.items(), lambda item: len(item[1])):
            result.append(
                (
                    "residents",
                    rows,
                    {
                        "residents": [row for _person, group in chunk for row in group],
                        "adopted": {
                            person: adopted[person]
                            for person, _rows in chunk
                            if person in adopted
                        },
                    },
                )
            )
        # A unit's occupancies stay together: its owners' shares change at once.
        by_unit = defaultdict(list)
        for resident in plan["residents"]:
            by_unit[resident["unit"]].append(resident)
        for chunk, rows in chunks(by_unit.values(), len):
            result.append(
                ("occupancies", rows, [row for group in chunk for row in group])
            )
        for chunk, rows in chunks(plan["contracts"].items()):
            result.append(("contracts", rows, dict(chunk)))
        for chunk, rows in chunks(plan["meters"]):
            result.append(("meters", rows, chunk))
        # A unit's arrears stay together: they make its opening invoices.
        by_unit = defaultdict(list)
        for arrear in plan["arrears"]:
            by_unit[arrear["unit"]].append(arrear)
        for chunk, rows in chunks(by_unit.values(), len):
            result.append(("arrears", rows, [row for group in chunk for row in group]))
        for chunk, rows in chunks(plan["prepayments"]):
            result.append(("prepayments", rows, chunk))
        return result

    def _process_batch(self):
        """Write the next batch. Return whether batches remain."""
        self.ensure_one()
        if self.state != "running" or not lock_nowait(self):
            return False
        self._check_manager()
        batch = self._batches_sudo().search(
            [("import_id", "=", self.id), ("done", "=", False)],
            order="sequence",
            limit=1,
        )
        if not batch:
            self._finish()
            return False
        counts = defaultdict(lambda: {"created": 0, "updated": 0, "unchanged": 0})
        self._write_batch(batch.stage, plan_codec.load(self.env, batch.payload), counts)
        batch.write({"done": True, "payload": False})
        total = {kind: dict(values) for kind, values in (self.counts or {}).items()}
        for kind, values in counts.items():
            for what, count in values.items():
                total.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})
                total[kind][what] += count
        super().write({"counts": total, "batch_done_count": self.batch_done_count + 1})
        return True

    def _write_batch(self, stage, payload, counts):
        if stage == "units":
            self._write_units(payload, counts)
            return
        if stage == "residents":
            self._write_partners(payload["residents"], payload["adopted"], counts)
            return
        units = self._units_of(
            set(payload) if stage == "contracts" else {row["unit"] for row in payload}
        )
        if stage == "occupancies":
            self._write_occupancies(payload, units, counts)
        elif stage == "contracts":
            self._write_contracts(payload, units, counts)
        elif stage == "meters":
            self._write_meters(payload, units, counts)
        else:
            journal = self._opening_journal()
            contracts = {
                code: contract
                for code, (contract, _adopted) in self._existing_contracts(
                    units
                ).items()
            }
            if stage == "arrears":
                self._write_arrears(payload, units, contracts, journal, counts)
            else:
                self._write_prepayments(payload, units, contracts, journal, counts)

    def _finish(self):
        counts = defaultdict(
            lambda: {"created": 0, "updated": 0, "unchanged": 0}, self.counts or {}
        )
        if self._batches_sudo().filtered(
            lambda batch: batch.stage in ("arrears", "prepayments")
        ):
            journal = self._opening_journal()
            counts["journal"] = journal.display_name
            counts["account"] = self._opening_account(journal).display_name
        summary = self._summary_html(counts)
        self._batches_sudo().unlink()
        super().write({"state": "done", "summary": summary, "problem_count": 0})
        self.community_id.message_post(
            body=self.env._(
                "Imported from %(file)s by %(user)s.",
                file=self.filename or "-",
                user=self.env.user.name,
            )
        )
        self.message_post(body=summary)
        return True

    @api.model
    def _cron_process(self):
        """Write one batch of the oldest running import, with the rights of
        whoever started it; the scheduler commits and calls again while work
        remains. An import that fails stops, for a manager to resume."""
        record = self.search([("state", "=", "running")], order="id", limit=1)
        if not record:
            return
        done = record.batch_done_count
        try:
            with self.env.cr.savepoint():
                record.with_user(record.user_id).with_company(
                    record.company_id
                )._process_batch()
        except OperationalError:
            raise  # a lock or a lost connection: the scheduler tries again
        except Exception as error:
            _logger.exception("Community import %s stopped", record.name)
            record.write({"state": "failed", "error": str(error)})
        remaining = sum(
            self.search([("state", "=", "running")]).mapped(
                lambda other: other.batch_count - other.batch_done_count + 1
            )
        )
        self.env["ir.cron"]._notify_progress(
            done=record.batch_done_count - done, remaining=remaining
        )

    def _check_manager(self):
        if not self.env.user.has_group("property_base.group_property_manager"):
            raise AccessError(
                self.env._("Only property managers may import a community.")
            )

    # ------------------------------------------------------------------
    # Reading and checking (the dry run)
    # ------------------------------------------------------------------
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

    def _check_residents(self, rows, known_units, problems):
        residents = []
        seen = {}
        shares = defaultdict(float)
        for row, values in rows:
            if not self._required("residents", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("residents", row, unit, known_units, problems)
            role = self._choice(
                "residents", row, values, "role", sheets.ROLES, "owner", problems
            )
            share = 0.0
            if not sheets.is_empty(values.get("share")):
                share = self._number("residents", row, values, "share", problems)
                if share is not None and share > 100:
                    self._problem(
                        problems,
                        "residents",
                        row,
                        "share",
                        self.env._(
                            "A share of %(share)s %% is over 100 %%: write the "
                            "owner's percentage, e.g. 50.",
                            share=share,
                        ),
                    )
                    share = None
                elif share and role and role != "owner":
                    self._problem(
                        problems,
                        "residents",
                        row,
                        "share",
                        self.env._("Only owners hold a share: clear the cell."),
                    )
                    share = None
            elif role == "owner":
                share = 100.0
            date_start = self._date("residents", row, values, "date_start", problems)
            mobile = self._mobile_digits(values.get("mobile"))
            if mobile and len(mobile) != 11:
                self._problem(
                    problems,
                    "residents",
                    row,
                    "mobile",
                    self.env._(
                        "“%(value)s” is not a mobile number: write its 11 digits.",
                        value=sheets.to_text(values.get("mobile")),
                    ),
                )
                continue
            name = sheets.to_text(values["name"])
            id_number = sheets.to_text(values.get("id_number"))
            person = mobile or id_number or f"{name}@{unit}"
            key = (unit, person, role)
            if key in seen:
                self._problem(
                    problems,
                    "residents",
                    row,
                    "name",
                    self.env._(
                        "%(name)s is listed twice for unit %(unit)s in this role "
                        "(row %(first)s): keep one row.",
                        name=name,
                        unit=unit,
                        first=seen[key],
                    ),
                )
                continue
            seen[key] = row
            if not (known and role and share is not None and date_start):
                continue
            if role == "owner":
                shares[unit] += share
                if float_compare(shares[unit], 100.0, precision_digits=2) > 0:
                    self._problem(
                        problems,
                        "residents",
                        row,
                        "share",
                        self.env._(
                            "The owners of unit %(unit)s hold %(total)s %% up to "
                            "this row: shares may not exceed 100 %%. Lower a share "
                            "or give the former owner's end in the old system.",
                            unit=unit,
                            total=round(shares[unit], 2),
                        ),
                    )
                    continue
            residents.append(
                {
                    "row": row,
                    "unit": unit,
                    "name": name,
                    "mobile": mobile,
                    "id_number": id_number,
                    "person": person,
                    "role": role,
                    "share": share,
                    "date_start": date_start,
                }
            )
        return residents

    def _mobile_digits(self, value):
        """The digits of a mobile number, without China's country code."""
        mobile = "".join(char for char in sheets.to_text(value) if char.isdigit())
        if mobile.startswith("86") and len(mobile) == 13:
            mobile = mobile[2:]
        return mobile

    def _mobile_variants(self, mobile):
        """How the suite may hold the 11 digits ``mobile``: as they are,
        grouped 3-4-4 by spaces or dashes, with or without China's code."""
        spaced = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
        return [
            prefix + form
            for form in (mobile, spaced, spaced.replace(" ", "-"))
            for prefix in ("", "+86", "+86 ", "86", "0086")
        ]

    def _check_occupancies(self, plan, existing_units, problems):
        """Match the residents of units already in the suite with their
        occupancies there: the same person in the same role is adopted (no
        second occupancy); owners whose shares with the suite's other owners
        would exceed 100 % are refused."""
        residents = [r for r in plan["residents"] if r["unit"] in existing_units]
        plan["adopted_partners"] = adopted_partners = {}
        if not residents:
            return
        keyed = self._keyed(
            "property.occupancy",
            "occupancies",
            [(r["unit"], r["person"], r["role"]) for r in residents],
        )
        partners = self._keyed(
            "res.partner", "partners", [(r["person"],) for r in residents]
        )
        taken = set(keyed.values())
        for resident in residents:
            key = (resident["unit"], resident["person"], resident["role"])
            resident["occupancy"] = keyed.get(key)
            if resident["occupancy"]:
                continue
            partner = partners.get((resident["person"],)) or adopted_partners.get(
                resident["person"]
            )
            for occupancy in existing_units[resident["unit"]].occupancy_ids:
                if (
                    occupancy in taken
                    or occupancy.role != resident["role"]
                    or (
                        occupancy.date_end
                        and occupancy.date_end < resident["date_start"]
                    )
                    or not self._same_person(occupancy.partner_id, partner, resident)
                ):
                    continue
                resident["occupancy"] = occupancy
                taken.add(occupancy)
                adopted_partners[resident["person"]] = occupancy.partner_id
                plan["notes"].append(
                    self.env._(
                        "Unit %(unit)s: %(name)s (residents sheet, row %(row)s) "
                        "already occupies it in this role in the suite: the import "
                        "updates that occupancy instead of adding a second one.",
                        unit=resident["unit"],
                        name=occupancy.partner_id.name,
                        row=resident["row"],
                    )
                )
                break
        owners = defaultdict(list)
        for resident in residents:
            if resident["role"] == "owner":
                owners[resident["unit"]].append(resident)
        for code, unit_owners in owners.items():
            self._check_owner_shares(existing_units[code], unit_owners, taken, problems)

    def _same_person(self, occupant, partner, resident):
        """Whether ``occupant`` is the person of the ``resident`` row, matched
        as the import matches residents: the partner an earlier import wrote
        or adopted for them, else by mobile number, else by name."""
        if partner:
            return occupant == partner
        mobile = self._mobile_digits(occupant.mobile)
        if resident["mobile"] and mobile:
            return mobile == resident["mobile"]
        return (occupant.name or "").strip() == resident["name"]

    def _check_owner_shares(self, unit, owners, taken, problems):
        """Refuse the owner rows ``owners`` of ``unit`` with which its owners'
        shares, with those of its other owners in the suite, would exceed 100 %
        on a day (as the suite checks them)."""
        others = unit.occupancy_ids.filtered(
            lambda o: o.role == "owner" and o not in taken
        )
        if not others:
            return
        shares = [(o.share, o.date_start, o.date_end) for o in others]
        for resident in owners:
            occupancy = resident["occupancy"]
            share = (
                resident["share"],
                resident["date_start"],
                occupancy and occupancy.date_end,
            )
            for day in sorted({start for _share, start, _end in shares + [share]}):
                total = sum(
                    value
                    for value, start, end in shares + [share]
                    if start <= day and (not end or end >= day)
                )
                if float_compare(total, 100.0, precision_digits=2) > 0:
                    self._problem(
                        problems,
                        "residents",
                        resident["row"],
                        "share",
                        self.env._(
                            "Unit %(unit)s already has owners in the suite "
                            "(%(owners)s): with this row its owners would hold "
                            "%(total)s %% on %(date)s. Shares may not exceed 100 "
                            "%%: end the former owner's occupancy in the suite "
                            "(its end date) or correct the shares in the file.",
                            unit=unit.code,
                            owners="、".join(
                                f"{o.partner_id.name} {round(o.share, 2)} %"
                                for o in others
                            ),
                            total=round(total, 2),
                            date=day,
                        ),
                    )
                    break
            else:
                shares.append(share)

    def _units_with_payer(self, residents, existing_units):
        """The codes of the units with an owner or a payer, in the file or
        already in the suite."""
        payers = {
            resident["unit"]
            for resident in residents
            if resident["role"] in ("owner", "payer")
        }
        for unit in existing_units.values():
            if unit.occupancy_ids.filtered(lambda o: o.role in ("owner", "payer")):
                payers.add(unit.code)
        return payers

    def _existing_contracts(self, units):
        """``{unit code: (contract, adopted)}`` of ``units`` ``{code: unit}``:
        the contract an earlier import of the unit wrote, else the unit's
        active contract, which the import adopts (``adopted``) rather than
        make a second active contract of the unit."""
        Contract = self.env["property.fee.contract"]
        keyed = self._keyed(Contract._name, "contracts", [(code,) for code in units])
        result = {key[0]: (contract, False) for key, contract in keyed.items()}
        others = [unit.id for code, unit in units.items() if code not in result]
        if others:
            for contract in Contract.search(
                [("unit_id", "in", others), ("state", "=", "active")],
                order="date_start desc, id desc",
            ):
                result.setdefault(contract.unit_id.code, (contract, True))
        return result

    def _check_contracts(self, rows, known_units, payers, fee_types, problems):
        contracts = {}
        for row, values in rows:
            if not self._required("contracts", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("contracts", row, unit, known_units, problems)
            fee_type = self._fee_type("contracts", row, values, fee_types, problems)
            rate = 0.0
            if not sheets.is_empty(values.get("rate")):
                rate = self._number("contracts", row, values, "rate", problems)
            cycle = self._choice(
                "contracts", row, values, "cycle", sheets.CYCLES, "monthly", problems
            )
            billed_to = self._date("contracts", row, values, "billed_to", problems)
            if not (known and fee_type and rate is not None and cycle and billed_to):
                continue
            if unit not in payers:
                self._problem_no_payer(problems, "contracts", row, unit)
                continue
            contract = contracts.setdefault(
                unit,
                {"row": row, "cycle": cycle, "billed_to": billed_to, "lines": {}},
            )
            if contract["cycle"] != cycle or contract["billed_to"] != billed_to:
                self._problem(
                    problems,
                    "contracts",
                    row,
                    "cycle",
                    self.env._(
                        "Unit %(unit)s: every fee item of its contract has the same "
                        "cycle and billed-up-to date as row %(first)s. Align them.",
                        unit=unit,
                        first=contract["row"],
                    ),
                )
                continue
            if fee_type in contract["lines"]:
                self._problem(
                    problems,
                    "contracts",
                    row,
                    "fee_type",
                    self.env._(
                        "%(fee)s appears twice for unit %(unit)s: keep one row.",
                        fee=fee_type.name,
                        unit=unit,
                    ),
                )
                continue
            contract["lines"][fee_type] = rate
        return contracts

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

    def _check_arrears(self, rows, known_units, contracts, fee_types, problems):
        arrears = []
        seen = {}
        for row, values in rows:
            if not self._required("arrears", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("arrears", row, unit, known_units, problems)
            fee_type = self._fee_type("arrears", row, values, fee_types, problems)
            period = sheets.to_period(values["period"])
            if not period:
                self._problem(
                    problems,
                    "arrears",
                    row,
                    "period",
                    self.env._(
                        "“%(value)s” is not a period: write a month (2026-05), a "
                        "year (2026) or a range (2026-01-01~2026-03-31).",
                        value=sheets.to_text(values["period"]),
                    ),
                )
            amount = self._money("arrears", row, values, "amount", problems)
            due = None
            if not sheets.is_empty(values.get("due")):
                due = self._date("arrears", row, values, "due", problems)
                if due is None:
                    continue
            if not (known and fee_type and period and amount is not None):
                continue
            contract = contracts.get(unit)
            if (
                not contract
                or fee_type not in contract["lines"]
                or period[1] > contract["billed_to"]
            ):
                self._problem(
                    problems,
                    "arrears",
                    row,
                    "period",
                    self.env._(
                        "Unit %(unit)s: no contract in the file bills %(fee)s for "
                        "%(start)s to %(end)s. Add the fee item to the unit's "
                        "contract with a billed-up-to date after the period, or "
                        "correct the period.",
                        unit=unit,
                        fee=fee_type.name,
                        start=period[0],
                        end=period[1],
                    ),
                )
                continue
            key = (unit, fee_type, period)
            if key in seen:
                self._problem(
                    problems,
                    "arrears",
                    row,
                    "period",
                    self.env._(
                        "Duplicate of row %(first)s (same unit, fee item and "
                        "period): add the amounts up in one row.",
                        first=seen[key],
                    ),
                )
                continue
            seen[key] = row
            arrears.append(
                {
                    "row": row,
                    "unit": unit,
                    "fee_type": fee_type,
                    "start": period[0],
                    "end": period[1],
                    "amount": amount,
                    "due": due or period[1],
                }
            )
        return arrears

    def _arrear_groups(self, arrears):
        """``{(unit, start, end): [arrear]}``: the rows of each opening
        invoice, one per unit and period start (a contract bills a period
        once), or per unit and year; ``end`` is the latest end of its rows."""
        groups = defaultdict(list)
        for arrear in arrears:
            start = arrear["start"]
            if self.invoice_per_year:
                start = start.replace(month=1, day=1)
            groups[arrear["unit"], start].append(arrear)
        result = {}
        for (unit, start), rows in groups.items():
            end = (
                start.replace(month=12, day=31)
                if self.invoice_per_year
                else max(arrear["end"] for arrear in rows)
            )
            result[unit, str(start), str(end)] = rows
        return result

    def _opening_invoices(self, groups, contracts):
        """``{group key: (invoice, origin)}`` of the invoices that already
        bill the groups' periods: the one an earlier import wrote under the
        group's key (origin ``key``) or for the same unit and period start
        (``import``), else the unit's contract's ``{unit: contract}`` own bill
        of that period start (``bill``)."""
        Move = self.env["account.move"]
        found = self._keyed(Move._name, "arrears", groups)
        result = {key: (move, "key") for key, move in found.items()}
        pending = [key for key in groups if key not in found and key[0] in contracts]
        if not pending:
            return result
        bills = Move.search(
            [
                (
                    "property_contract_id",
                    "in",
                    [contracts[key[0]].id for key in pending],
                ),
                ("property_period_start", "in", [key[1] for key in pending]),
                ("move_type", "=", "out_invoice"),
                ("state", "!=", "cancel"),
            ]
        )
        # sudo: only the manager checked by _check_manager runs imports; only
        # the import keys of these invoices are read.
        Data = self.env["ir.model.data"].sudo()
        imported = set(
            Data.search(
                [
                    ("module", "=", IMPORT_MODULE),
                    ("model", "=", Move._name),
                    ("res_id", "in", bills.ids),
                    ("name", "=like", rf"c{self.community_id.id}\_arrears\_%"),
                ]
            ).mapped("res_id")
        )
        by_period = {
            (bill.property_contract_id, str(bill.property_period_start)): bill
            for bill in bills
        }
        for key in pending:
            bill = by_period.get((contracts[key[0]], key[1]))
            if bill:
                result[key] = (bill, "import" if bill.id in imported else "bill")
        return result

    def _arrear_lines(self, arrears):
        """The product lines of an opening invoice of ``arrears``."""
        return [
            {
                "product_id": arrear["fee_type"].product_id.id,
                "name": self.env._(
                    "%(fee)s %(start)s to %(end)s (opening balance)",
                    fee=arrear["fee_type"].name,
                    start=arrear["start"],
                    end=arrear["end"],
                ),
                "quantity": 1.0,
                "price_unit": arrear["amount"],
                "tax_ids": [Command.clear()],
            }
            for arrear in arrears
        ]

    def _invoice_changed(self, move, key, arrears):
        """Whether the opening invoice ``move`` differs from the rows
        ``arrears`` of the group ``key``: fee items, labels, amounts, period
        and due date."""
        currency = move.currency_id
        old = sorted(
            (line.product_id.id, line.name, currency.round(line.price_subtotal))
            for line in move.invoice_line_ids
        )
        new = sorted(
            (line["product_id"], line["name"], currency.round(line["price_unit"]))
            for line in self._arrear_lines(arrears)
        )
        due = min(arrear["due"] for arrear in arrears)
        return (
            old != new
            or move.invoice_date != due
            or move.invoice_date_due != due
            or str(move.property_period_end) != key[2]
        )

    def _imported_opening_invoices(self):
        """The opening invoices earlier imports of the community wrote, not
        cancelled."""
        # sudo: only the manager checked by _check_manager runs imports; only
        # the import keys of the community's opening invoices are read.
        Data = self.env["ir.model.data"].sudo()
        data = Data.search_fetch(
            [
                ("module", "=", IMPORT_MODULE),
                ("model", "=", "account.move"),
                ("name", "=like", rf"c{self.community_id.id}\_arrears\_%"),
            ],
            ["res_id"],
        )
        moves = self.env["account.move"].browse(data.mapped("res_id")).exists()
        return moves.filtered(lambda move: move.state != "cancel")

    def _invoice_mode_used(self):
        """``"year"`` or ``"period"``: how the opening invoices earlier imports
        of the community wrote are grouped, ``None`` if there are none."""
        invoices = self._imported_opening_invoices()
        if not invoices:
            return None
        recorded = self._keyed(
            "property.community", "invoice_mode", [("year",), ("period",)]
        )
        if len(recorded) == 1:
            return next(iter(recorded))[0]
        # Imported before the mode was recorded: one invoice per year covers a
        # whole calendar year.
        whole_years = all(
            move.property_period_start
            and (move.property_period_start.month, move.property_period_start.day)
            == (1, 1)
            and move.property_period_end
            == move.property_period_start.replace(month=12, day=31)
            for move in invoices
        )
        return "year" if whole_years else "period"

    def _check_invoice_mode(self, plan, problems):
        """Refuse arrears grouped otherwise than the community's opening
        invoices imported before: the invoices of the other grouping would
        stay next to the new ones, and the arrears would count twice."""
        if not plan["arrears"]:
            return
        used = self._invoice_mode_used()
        if not used or used == ("year" if self.invoice_per_year else "period"):
            return
        problems.append(
            (
                str(sheets.SHEET_LABELS["arrears"]),
                "",
                self._fields["invoice_per_year"]._description_string(self.env),
                self.env._(
                    "The opening invoices imported before for community "
                    "%(community)s are one per unit and year: tick “One Opening "
                    "Invoice per Year” on this import, as before. Grouped otherwise, "
                    "the earlier invoices would stay next to the new ones and the "
                    "arrears would count twice.",
                    community=self.community_id.name,
                )
                if used == "year"
                else self.env._(
                    "The opening invoices imported before for community "
                    "%(community)s are one per unit and period: untick “One Opening "
                    "Invoice per Year” on this import, as before. Grouped otherwise, "
                    "the earlier invoices would stay next to the new ones and the "
                    "arrears would count twice.",
                    community=self.community_id.name,
                ),
            )
        )

    def _record_invoice_mode(self):
        """Keep how this import groups the community's opening invoices, which
        later imports must keep (see ``_check_invoice_mode``)."""
        mode = "year" if self.invoice_per_year else "period"
        names = {
            other: self._key_name("invoice_mode", other) for other in ("year", "period")
        }
        # sudo: only the manager checked by _check_manager runs imports; only
        # the community's import key of its invoice grouping is written.
        Data = self.env["ir.model.data"].sudo()
        data = Data.search(
            [("module", "=", IMPORT_MODULE), ("name", "in", list(names.values()))]
        )
        data.filtered(lambda entry: entry.name != names[mode]).unlink()
        if names[mode] not in data.mapped("name"):
            self._set_keys(
                "property.community", "invoice_mode", {(mode,): self.community_id}
            )

    def _check_contract_billing(self, plan, existing_contracts, problems):
        """Refuse the contract rows of a unit whose contract in the suite, which
        the import continues and whose start it keeps (an adopted one, or an
        earlier import's when the file now says a later date), is not billed
        up to the file's billed-up-to date: the next billing run would bill
        those periods again. A contract has nothing that says it was billed
        elsewhere, so the periods are checked as billing runs check them."""
        adopted = {
            code: contract
            for code, (contract, _adopted) in existing_contracts.items()
            if code in plan["contracts"]
        }
        if not adopted:
            return
        billed = defaultdict(set)
        for contract, start in self.env["account.move"]._read_group(
            [
                ("property_contract_id", "in", [c.id for c in adopted.values()]),
                ("move_type", "=", "out_invoice"),
                ("state", "!=", "cancel"),
            ],
            ["property_contract_id", "property_period_start:day"],
        ):
            billed[contract].add(start)
        # The file's opening invoices of the unit bill their periods too.
        for unit, start, _end in self._arrear_groups(plan["arrears"]):
            if unit in adopted:
                billed[adopted[unit]].add(fields.Date.to_date(start))
        for code, contract in adopted.items():
            entry = plan["contracts"][code]
            start = self._first_unbilled(contract, billed[contract], entry["billed_to"])
            if start:
                self._problem(
                    problems,
                    "contracts",
                    entry["row"],
                    "billed_to",
                    self.env._(
                        "Unit %(unit)s: its contract %(contract)s in the suite has "
                        "not billed the period from %(start)s, but the file says the "
                        "old system billed up to %(billed_to)s: the next billing run "
                        "would bill it again. In the suite, close that contract "
                        "before %(start)s or move its start after %(billed_to)s (the "
                        "import then starts a contract after the billed-up-to date), "
                        "or correct the billed-up-to date in the file.",
                        unit=code,
                        contract=contract.name,
                        start=start,
                        billed_to=entry["billed_to"],
                    ),
                )

    def _first_unbilled(self, contract, billed, billed_to):
        """The first day of the first period of ``contract`` up to
        ``billed_to`` that no invoice bills (``billed``: the period starts
        billed), as billing runs find the periods they bill; ``None``."""
        start, end = period_containing(contract.date_start, contract.cycle)
        while start <= billed_to:
            billed_start = max(start, contract.date_start)
            billed_end = min(end, contract.date_end) if contract.date_end else end
            if billed_start <= billed_end and billed_start not in billed:
                return billed_start
            start, end = period_containing(end + relativedelta(days=1), contract.cycle)
        return None

    def _check_opening_invoices(self, plan, contracts, problems):
        """Refuse the groups of arrears whose period the suite already bills
        with an invoice of its own, or whose opening invoice, changed by the
        file, is already paid in part."""
        groups = self._arrear_groups(plan["arrears"])
        for key, (move, origin) in self._opening_invoices(groups, contracts).items():
            arrears = groups[key]
            rows = ", ".join(str(arrear["row"]) for arrear in arrears)
            if origin == "bill":
                self._problem(
                    problems,
                    "arrears",
                    arrears[0]["row"],
                    "period",
                    self.env._(
                        "Unit %(unit)s: invoice %(invoice)s already bills the period "
                        "from %(start)s. Remove rows %(rows)s (the suite bills "
                        "it already) or correct their period.",
                        unit=key[0],
                        invoice=move.name,
                        start=key[1],
                        rows=rows,
                    ),
                )
            elif self._invoice_changed(move, key, arrears) and self._partly_paid(move):
                self._problem(
                    problems,
                    "arrears",
                    arrears[0]["row"],
                    "amount",
                    self._paid_message(move, key[0], rows),
                )

    def _partly_paid(self, move):
        return move.state == "posted" and not move.currency_id.is_zero(
            move.amount_residual - move.amount_total
        )

    def _paid_message(self, move, unit, rows):
        return self.env._(
            "Opening invoice %(invoice)s of unit %(unit)s is already partly paid "
            "in the suite: correct it there and leave rows %(rows)s of the file "
            "as they were.",
            invoice=move.name,
            unit=unit,
            rows=rows,
        )

    def _prepayment_used(self, move):
        credit = move.line_ids.filtered(lambda line: line.credit)
        return bool(credit.reconciled or credit.matched_debit_ids)

    def _check_prepayment_changes(self, plan, problems):
        """Refuse a changed amount of an opening prepayment whose credit
        already paid bills."""
        found = self._keyed(
            "account.move",
            "prepayments",
            [
                (prepayment["unit"], prepayment["person"])
                for prepayment in plan["prepayments"]
            ],
        )
        for prepayment in plan["prepayments"]:
            move = found.get((prepayment["unit"], prepayment["person"]))
            if (
                move
                and not move.currency_id.is_zero(
                    move.amount_total - prepayment["amount"]
                )
                and self._prepayment_used(move)
            ):
                self._problem(
                    problems,
                    "prepayments",
                    prepayment["row"],
                    "amount",
                    self._used_message(move),
                )

    def _used_message(self, move):
        return self.env._(
            "The opening prepayment %(entry)s has already paid bills in the "
            "suite: leave its row of the file as it was.",
            entry=move.name,
        )

    def _check_prepayments(
        self, rows, known_units, existing_units, residents, payers, problems
    ):
        prepayments = []
        seen = {}
        residents_of = defaultdict(list)
        for resident in residents:
            residents_of[resident["unit"]].append(resident)
        for row, values in rows:
            if not self._required("prepayments", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("prepayments", row, unit, known_units, problems)
            amount = self._money("prepayments", row, values, "amount", problems)
            date = fields.Date.context_today(self)
            if not sheets.is_empty(values.get("date")):
                date = self._date("prepayments", row, values, "date", problems)
            if not (known and amount is not None and date):
                continue
            mobile = "".join(
                char for char in sheets.to_text(values.get("mobile")) if char.isdigit()
            )[-11:]
            name = sheets.to_text(values.get("name"))
            candidates = [
                resident
                for resident in residents_of[unit]
                if (
                    (mobile and resident["mobile"] == mobile)
                    or (not mobile and name and resident["name"] == name)
                    or (not mobile and not name and resident["role"] == "owner")
                )
            ]
            person = candidates[0]["person"] if candidates else None
            payer_name = candidates[0]["name"] if candidates else None
            if not person and unit in existing_units and not (mobile or name):
                payer = existing_units[unit].payer_id
                person = payer and f"partner:{payer.id}"
                payer_name = payer.name
            if person and unit not in payers:
                # The credit goes to whoever billing invoices for the unit.
                self._problem_no_payer(problems, "prepayments", row, unit)
                continue
            if not person:
                self._problem(
                    problems,
                    "prepayments",
                    row,
                    "name",
                    self.env._(
                        "The payer of unit %(unit)s is not in the residents sheet: "
                        "add them there or give their mobile number as there.",
                        unit=unit,
                    ),
                )
                continue
            key = (unit, person)
            if key in seen:
                self._problem(
                    problems,
                    "prepayments",
                    row,
                    "amount",
                    self.env._(
                        "Duplicate of row %(first)s (same unit and payer): add the "
                        "amounts up in one row.",
                        first=seen[key],
                    ),
                )
                continue
            seen[key] = row
            prepayments.append(
                {
                    "row": row,
                    "unit": unit,
                    "person": person,
                    "name": payer_name,
                    "amount": amount,
                    "date": date,
                }
            )
        return prepayments

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

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    def _arrears_by_year(self, plan):
        years = defaultdict(lambda: [0, 0.0])
        for arrear in plan["arrears"]:
            years[arrear["start"].year][0] += 1
            years[arrear["start"].year][1] += arrear["amount"]
        return dict(sorted(years.items()))

    def _totals_html(self, plan):
        rows = [
            (self.env._("Units"), len(plan["units"])),
            (self.env._("Residents"), len({r["person"] for r in plan["residents"]})),
            (self.env._("Occupancies"), len(plan["residents"])),
            (self.env._("Contracts"), len(plan["contracts"])),
            (self.env._("Meter readings"), len(plan["meters"])),
            (
                self.env._("Prepayments"),
                (
                    f"{len(plan['prepayments'])} / "
                    f"{sum(p['amount'] for p in plan['prepayments']):,.2f}"
                ),
            ),
        ]
        rows += [
            (self.env._("Arrears %(year)s", year=year), f"{count} / {amount:,.2f}")
            for year, (count, amount) in self._arrears_by_year(plan).items()
        ]
        body = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td></tr>") % (label, value)
            for label, value in rows
        )
        return Markup("<table class='table table-sm'>%s</table>") % body

    def _report_html(self, plan):
        if plan["problems"]:
            head = Markup(
                "<p><strong>%s</strong></p><table class='table table-sm'>"
                "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
            ) % (
                self.env._(
                    "%(count)s problem(s): correct them in the file and run the "
                    "dry run again. Nothing has been written.",
                    count=len(plan["problems"]),
                ),
                self.env._("Sheet"),
                self.env._("Row"),
                self.env._("Column"),
                self.env._("What to do"),
            )
            body = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % problem
                for problem in plan["problems"]
            )
            problems = head + body + Markup("</table>")
        else:
            problems = Markup("<p><strong>%s</strong></p>") % self.env._(
                "No problem found: the import will create or update the following."
            )
        if plan.get("notes"):
            problems += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Good to know:"),
                Markup("").join(Markup("<li>%s</li>") % note for note in plan["notes"]),
            )
        return problems + self._totals_html(plan)

    def _summary_html(self, counts):
        lines = Markup("").join(
            Markup("<li>%s</li>") % line
            for line in (
                self.env._(
                    "%(what)s: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged",
                    what=label,
                    created=counts[kind]["created"],
                    updated=counts[kind]["updated"],
                    unchanged=counts[kind]["unchanged"],
                )
                for kind, label in (
                    ("units", self.env._("Units")),
                    ("partners", self.env._("Residents")),
                    ("occupancies", self.env._("Occupancies")),
                    ("contracts", self.env._("Contracts")),
                    ("meters", self.env._("Meter readings")),
                    ("invoices", self.env._("Opening invoices")),
                    ("prepayments", self.env._("Prepayments")),
                )
            )
        )
        check = Markup("<p>%s</p>") % self.env._(
            "For the accountant: compare the arrears per year and the prepayments "
            "below with the old system's totals. The opening invoices and "
            "prepayments are in the journal %(journal)s, against the account "
            "%(account)s.",
            journal=escape(counts.get("journal") or "-"),
            account=escape(counts.get("account") or "-"),
        )
        return (
            Markup("<p><strong>%s</strong></p><ul>%s</ul>")
            % (self.env._("Import finished."), lines)
            + check
            + (self.totals or Markup(""))
        )

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------
    def _key_name(self, kind, *parts):
        digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:20]
        return f"c{self.community_id.id}_{kind}_{digest}"

    def _keyed(self, model, kind, keys):
        """``{key: record}`` of the records of ``model`` that earlier imports of
        this community wrote under these import keys."""
        names = {self._key_name(kind, *key): key for key in keys}
        if not names:
            return {}
        # sudo: only the manager checked by _check_manager runs imports; the
        # import keys point at records of this community, read again below
        # under the user's own rights.
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search_fetch(
                [
                    ("module", "=", IMPORT_MODULE),
                    ("model", "=", model),
                    ("name", "in", list(names)),
                ],
                ["name", "res_id"],
            )
        )
        # One recordset, so that what is read of one record is read of all.
        records = self.env[model].browse(data.mapped("res_id")).exists()
        by_id = {record.id: record for record in records}
        return {
            names[entry.name]: by_id[entry.res_id]
            for entry in data
            if entry.res_id in by_id
        }

    def _set_keys(self, model, kind, records_by_key):
        # sudo: only the manager checked by _check_manager runs imports, and
        # these records were just written with their own rights.
        self.env["ir.model.data"].sudo().create(
            [
                {
                    "module": IMPORT_MODULE,
                    "name": self._key_name(kind, *key),
                    "model": model,
                    "res_id": record.id,
                    "noupdate": True,
                }
                for key, record in records_by_key.items()
            ]
        )

    def _sync(self, model, kind, wanted, counts, match=None, update_order=None):
        """Create or update one record per key of ``wanted`` ``{key: vals}``.
        ``match(key)`` may return an existing record to adopt;
        ``update_order(record, changed)`` sorts the updates. Return
        ``{key: record}``."""
        found = self._keyed(model, kind, wanted)
        result, new_keys, to_create = {}, [], []
        adopted, updates = {}, []
        for key, vals in wanted.items():
            record = found.get(key) or (match and match(key))
            if record and key not in found:
                adopted[key] = record
            if record:
                changed = {
                    fname: value
                    for fname, value in vals.items()
                    if record._fields[fname].convert_to_write(record[fname], record)
                    != value
                }
                if changed:
                    updates.append((record, changed))
                counts[kind]["updated" if changed else "unchanged"] += 1
                result[key] = record
            else:
                new_keys.append(key)
                to_create.append(vals)
        if update_order:
            updates.sort(key=lambda update: update_order(*update))
        for record, changed in updates:
            record.write(changed)
        created = self.env[model].create(to_create)
        counts[kind]["created"] += len(created)
        result.update(zip(new_keys, created, strict=True))
        self._set_keys(
            model, kind, {**adopted, **dict(zip(new_keys, created, strict=True))}
        )
        return result

    def _units_of(self, codes):
        """``{code: unit}`` of the community's units of these codes."""
        return {
            unit.code: unit
            for unit in self.env["property.unit"].search(
                [
                    ("community_id", "=", self.community_id.id),
                    ("code", "in", list(codes)),
                ]
            )
        }

    def _write_meters(self, meters, units, counts):
        self._sync(
            "property.meter.reading",
            "meters",
            {
                (meter["unit"], meter["meter"], str(meter["date"])): {
                    "unit_id": units[meter["unit"]].id,
                    "meter_type": meter["meter"],
                    "date": meter["date"],
                    "value": meter["value"],
                }
                for meter in meters
            },
            counts,
        )

    def _write_units(self, entries, counts):
        community = self.community_id
        Building = self.env["property.building"]
        buildings = {
            building.code: building
            for building in Building.search([("community_id", "=", community.id)])
        }
        missing = {}
        for entry in entries.values():
            if entry["building_code"] not in buildings:
                missing[entry["building_code"]] = entry["building_name"]
        if missing:
            created = Building.create(
                [
                    {"community_id": community.id, "code": code, "name": name or code}
                    for code, name in missing.items()
                ]
            )
            buildings.update({building.code: building for building in created})
        existing = self._units_of(entries)
        self._sync(
            "property.unit",
            "units",
            {
                (code,): {
                    "building_id": buildings[entry["building_code"]].id,
                    "entrance": entry["entrance"] or False,
                    "floor": entry["floor"],
                    "number": entry["number"],
                    "unit_type": entry["unit_type"],
                    "area": entry["area"],
                }
                for code, entry in entries.items()
            },
            counts,
            match=lambda key: existing.get(key[0]),
        )

    def _write_partners(self, residents, adopted, counts):
        """The residents' partners, one per person of the rows ``residents``;
        ``adopted``: ``{person: partner}`` the dry run matched in a unit."""
        people = {}
        for resident in residents:
            people.setdefault(resident["person"], resident)
        # A resident already known by their mobile number (an owner in another
        # community, say) is the same person: adopt them, no duplicate. The
        # suite may keep the number as +86 138 0000 0001 or 138-0000-0001.
        variants = [
            variant
            for resident in people.values()
            if resident["mobile"]
            for variant in self._mobile_variants(resident["mobile"])
        ]
        by_mobile = {
            self._mobile_digits(partner.mobile): partner
            for partner in self.env["res.partner"].search(
                [("mobile", "in", variants)], order="id desc"
            )
        }
        keyed = self._keyed("res.partner", "partners", [(p,) for p in people])
        # The partner an earlier import wrote, else the occupant the dry run
        # matched in the unit, else the one of the same mobile number.
        known = {
            person: keyed.get((person,))
            or adopted.get(person)
            or by_mobile.get(resident["mobile"] or None)
            for person, resident in people.items()
        }
        self._sync(
            "res.partner",
            "partners",
            {
                (person,): {
                    "name": resident["name"],
                    # An empty cell keeps what the suite knows of the person,
                    # and so does the same number written otherwise.
                    **(
                        {"mobile": resident["mobile"]}
                        if resident["mobile"]
                        and (
                            not known[person]
                            or self._mobile_digits(known[person].mobile)
                            != resident["mobile"]
                        )
                        else {}
                    ),
                    **(
                        {"property_id_number": resident["id_number"]}
                        if resident["id_number"]
                        else {}
                    ),
                }
                for person, resident in people.items()
            },
            counts,
            match=lambda key: known[key[0]],
        )

    def _write_occupancies(self, residents, units, counts):
        partners = self._keyed(
            "res.partner", "partners", [(row["person"],) for row in residents]
        )
        occupancies = {
            (resident["unit"], resident["person"], resident["role"]): resident.get(
                "occupancy"
            )
            for resident in residents
        }
        self._sync(
            "property.occupancy",
            "occupancies",
            {
                (resident["unit"], resident["person"], resident["role"]): {
                    "unit_id": units[resident["unit"]].id,
                    "partner_id": partners[(resident["person"],)].id,
                    "role": resident["role"],
                    "share": resident["share"] if resident["role"] == "owner" else 0,
                    "date_start": resident["date_start"],
                }
                for resident in residents
            },
            counts,
            # The suite's occupancy of the same person and role, adopted.
            match=occupancies.get,
            # Shares that fall first: co-owners swapping 60/40 for 40/60 never
            # hold more than the unit between two writes.
            update_order=lambda occupancy, changed: (
                changed.get("share", occupancy.share) - occupancy.share
            ),
        )

    def _write_contracts(self, entries, units, counts):
        Contract = self.env["property.fee.contract"]
        found = self._existing_contracts({code: units[code] for code in entries})
        to_create = {}
        for unit_code, entry in entries.items():
            contract, adopted = found.get(unit_code, (None, False))
            lines = entry["lines"]
            if not contract:
                to_create[(unit_code,)] = {
                    "unit_id": units[unit_code].id,
                    "cycle": entry["cycle"],
                    "date_start": entry["billed_to"] + relativedelta(days=1),
                    "line_ids": [
                        Command.create(
                            {"fee_type_id": fee_type.id, "rate_override": rate}
                        )
                        for fee_type, rate in lines.items()
                    ],
                }
                continue
            current = {line.fee_type_id: line for line in contract.line_ids}
            commands = [
                Command.update(current[fee_type].id, {"rate_override": rate})
                for fee_type, rate in lines.items()
                if fee_type in current
                and float_compare(
                    current[fee_type].rate_override, rate, precision_digits=6
                )
            ]
            commands += [
                Command.create({"fee_type_id": fee_type.id, "rate_override": rate})
                for fee_type, rate in lines.items()
                if fee_type not in current
            ]
            # An adopted contract keeps what the file does not say.
            commands += [
                Command.delete(line.id)
                for fee_type, line in current.items()
                if fee_type not in lines and not adopted
            ]
            vals = {"line_ids": commands} if commands else {}
            if contract.cycle != entry["cycle"] and not adopted:
                vals["cycle"] = entry["cycle"]
            if vals:
                contract.write(vals)
            counts["contracts"]["updated" if vals else "unchanged"] += 1
        created = Contract.create(list(to_create.values()))
        created.action_activate()
        counts["contracts"]["created"] += len(created)
        self._set_keys(
            Contract._name, "contracts", dict(zip(to_create, created, strict=True))
        )

    def _opening_journal(self):
        company = self.community_id.company_id
        Journal = self.env["account.journal"]
        journal = Journal.search(
            [("company_id", "=", company.id), ("code", "=", OPENING_JOURNAL_CODE)],
            limit=1,
        )
        if journal:
            return journal
        return Journal.create(
            {
                "name": self.env._("Opening Balances"),
                "code": OPENING_JOURNAL_CODE,
                "type": "sale",
                # After the sales journal billing runs take the first of.
                "sequence": 99,
                "company_id": company.id,
                "default_account_id": self._opening_account().id,
            }
        )

    def _opening_account(self, journal=None):
        """The counterpart account of the opening balances: the company's
        setting, else the opening journal's, else undistributed profits."""
        company = self.community_id.company_id
        return (
            company.property_opening_account_id
            or (journal and journal.default_account_id)
            or company.get_unaffected_earnings_account()
        )

    def _write_arrears(self, rows, units, contracts, journal, counts):
        # Checked by the dry run already: nothing is written before a refusal.
        problems = []
        self._check_opening_invoices({"arrears": rows}, contracts, problems)
        if problems:
            raise UserError(problems[0][3])
        groups = self._arrear_groups(rows)
        found = self._opening_invoices(groups, contracts)
        company = self.community_id.company_id
        to_create, new_keys, adopted = [], [], {}
        for key, arrears in groups.items():
            contract = contracts[key[0]]
            lines = [
                {**line, "account_id": self._opening_account(journal).id}
                for line in self._arrear_lines(arrears)
            ]
            due = min(arrear["due"] for arrear in arrears)
            move, origin = found.get(key, (None, None))
            if move:
                if origin == "import":
                    # Imported with another end of the period: its key now.
                    adopted[key] = move
                if not self._invoice_changed(move, key, arrears):
                    counts["invoices"]["unchanged"] += 1
                    continue
                move.button_draft()
                move.write(
                    {
                        "invoice_date": due,
                        "invoice_date_due": due,
                        "property_period_end": key[2],
                        "invoice_line_ids": [Command.clear()]
                        + [Command.create(line) for line in lines],
                    }
                )
                move.action_post()
                counts["invoices"]["updated"] += 1
                continue
            new_keys.append(key)
            to_create.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.id,
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "invoice_date": due,
                    "invoice_payment_term_id": False,
                    "invoice_date_due": due,
                    "invoice_origin": contract.name,
                    "ref": self.env._("Opening balance"),
                    "property_contract_id": contract.id,
                    "property_unit_id": units[key[0]].id,
                    "property_period_start": key[1],
                    "property_period_end": key[2],
                    "invoice_line_ids": [Command.create(line) for line in lines],
                }
            )
        Move = self.env["account.move"].with_context(tracking_disable=True)
        with speedups.gc_paused():
            moves = Move._property_create_fee_invoices(to_create)
            # Posted as billing runs post a batch of fee invoices: the same
            # numbers and journal items, in a fraction of action_post's time.
            speedups.for_batch_posting(moves)._post(soft=False)
        counts["invoices"]["created"] += len(moves)
        self._set_keys(
            "account.move",
            "arrears",
            {**adopted, **dict(zip(new_keys, moves, strict=True))},
        )

    def _write_prepayments(self, prepayments, units, contracts, journal, counts):
        """``contracts``: ``{unit code: contract}`` the import continues or
        the unit's active one."""
        Move = self.env["account.move"]
        company = self.community_id.company_id
        today = fields.Date.context_today(self)
        partners = {
            key[0]: partner
            for key, partner in self._keyed(
                "res.partner",
                "partners",
                [(prepayment["person"],) for prepayment in prepayments],
            ).items()
        }
        # The credit is the payer's whom billing invoices for the unit: its
        # contract's payer, else the unit's payer by the billing rule, else
        # (no current owner or payer) the one who paid.
        wanted = {}
        for prepayment in prepayments:
            unit = units[prepayment["unit"]]
            contract = contracts.get(unit.code)
            person = prepayment["person"]
            payer = (
                (contract and contract.partner_id)
                or unit._get_payers(today).get(unit.id)
                or (
                    self.env["res.partner"].browse(int(person.split(":")[1]))
                    if person.startswith("partner:")
                    else partners[person]
                )
            )
            partner = payer.commercial_partner_id
            amount = prepayment["amount"]
            receivable = partner.with_company(company).property_account_receivable_id
            wanted[(prepayment["unit"], prepayment["person"])] = {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": prepayment["date"],
                "ref": self.env._(
                    "Opening prepayment of %(person)s, unit %(unit)s, credit of "
                    "its payer %(partner)s",
                    person=prepayment["name"] or partner.name,
                    unit=prepayment["unit"],
                    partner=partner.name,
                ),
                "line_ids": [
                    Command.create(
                        {
                            "account_id": receivable.id,
                            "partner_id": partner.id,
                            "credit": amount,
                            "name": self.env._("Prepayment (opening balance)"),
                        }
                    ),
                    Command.create(
                        {
                            "account_id": self._opening_account(journal).id,
                            "partner_id": partner.id,
                            "debit": amount,
                            "name": self.env._("Prepayment (opening balance)"),
                        }
                    ),
                ],
            }
        found = self._keyed("account.move", "prepayments", wanted)
        new = {}
        for key, vals in wanted.items():
            move = found.get(key)
            credit_vals = vals["line_ids"][0][2]
            if not move:
                new[key] = vals
                continue
            credit = move.line_ids.filtered(lambda line: line.credit)
            same_amount = move.currency_id.is_zero(
                move.amount_total - credit_vals["credit"]
            )
            used = self._prepayment_used(move)
            if (same_amount and credit.partner_id.id == credit_vals["partner_id"]) or (
                # Credit that paid bills stays with who it paid for; the dry
                # run refused a changed amount of it.
                used and same_amount
            ):
                counts["prepayments"]["unchanged"] += 1
                continue
            if used:
                raise UserError(self._used_message(move))
            move.button_draft()
            move.write(
                {"ref": vals["ref"], "line_ids": [Command.clear()] + vals["line_ids"]}
            )
            move.action_post()
            counts["prepayments"]["updated"] += 1
        created = Move.create(list(new.values()))
        created.action_post()
        counts["prepayments"]["created"] += len(created)
        self._set_keys(
            "account.move", "prepayments", dict(zip(new, created, strict=True))
        )
