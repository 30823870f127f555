import base64
import logging
from collections import defaultdict

from markupsafe import Markup, escape
from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.property_billing.concurrency import lock_nowait

from .. import plan_codec, sheets

_logger = logging.getLogger(__name__)

# Rows written per batch, each batch in a transaction of its own.
BATCH_SIZE = 1000
# A file of up to this many rows is written at once, in the request (all or
# nothing); a larger one by the scheduler, batch after batch.
IMMEDIATE_ROWS = 3000


class PropertyMigrationImport(models.Model):
    _name = "property.migration.import"
    _description = "Community Import"
    # One part per concern, each an abstract model of its own file.
    _inherit = [
        "mail.thread",
        "property.migration.import.rows",
        "property.migration.import.residents",
        "property.migration.import.contracts",
        "property.migration.import.opening",
        "property.migration.import.keys",
    ]
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
    row_count = fields.Integer(
        readonly=True, help="The rows of the file, counted by its last clean check."
    )
    to_start = fields.Boolean(
        readonly=True,
        help="The scheduler checks the file again and cuts it into batches first.",
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
        self._record_check(self._plan())
        return True

    def _record_check(self, plan):
        """Keep what checking the file found: its report, and the import back
        to the step it is ready for, without batches."""
        self._batches_sudo().unlink()
        super().write(
            {
                "problem_count": len(plan["problems"]),
                "report": self._report_html(plan),
                "state": "checked" if not plan["problems"] else "draft",
                "row_count": self._plan_rows(plan),
                "to_start": False,
                "batch_count": 0,
                "batch_done_count": 0,
                "error": False,
            }
        )
        return not plan["problems"]

    def action_import(self):
        """Check the file again and write it: a small file at once, all or
        nothing; a large one in batches by the scheduler, with a progress
        bar."""
        self.ensure_one()
        if self.state == "checked" and self.row_count > IMMEDIATE_ROWS:
            # Checking a whole estate again and cutting it into batches takes
            # minutes: the scheduler does it, not this request.
            self._check_manager()
            self._check_no_other_import()
            super().write(
                {
                    "state": "running",
                    "to_start": True,
                    "user_id": self.env.uid,
                    "error": False,
                    "batch_count": 0,
                    "batch_done_count": 0,
                }
            )
            return self._to_scheduler()
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
        if self.row_count <= IMMEDIATE_ROWS:
            while self._process_batch():
                pass
            return True
        return self._to_scheduler()

    def action_resume(self):
        """Go on with a stopped import where it stopped."""
        self._check_manager()
        self.filtered(lambda record: record.state == "failed").write(
            {"state": "running", "error": False, "user_id": self.env.uid}
        )
        self.env.ref("property_migration.ir_cron_process_imports")._trigger()
        return True

    def _to_scheduler(self):
        self.env.ref("property_migration.ir_cron_process_imports")._trigger()
        return self._notify(
            self.env._(
                "The file is being imported in the background: reload the page to "
                "follow the progress bar."
            ),
            "info",
        )

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

    def _plan_rows(self, plan):
        kinds = ("units", "residents", "contracts", "meters", "arrears", "prepayments")
        return sum(len(plan[kind]) for kind in kinds)

    def _check_no_other_import(self):
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

    def _start(self, batch_size=BATCH_SIZE):
        """Check the file and cut what it writes into batches. Return False
        (the report saying why) when the file has problems."""
        self.ensure_one()
        self._check_manager()
        if not self.to_start:
            self._check_not_running()
        self._check_no_other_import()
        plan = self._plan()
        if plan["problems"]:
            return self._record_check(plan)
        self._batches_sudo().unlink()
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
                "to_start": False,
                "row_count": self._plan_rows(plan),
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
        Batch = self.env["property.migration.batch"].sudo()
        return Batch.search([("import_id", "in", self.ids)])

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
        for chunk, rows in chunks(plan["withdrawn"]):
            result.append(("withdrawn", rows, self.env["account.move"].concat(*chunk)))
        for chunk, rows in chunks(plan["prepayments"]):
            result.append(("prepayments", rows, chunk))
        return result

    def _process_batch(self):
        """Write the next batch. Return whether batches remain."""
        self.ensure_one()
        if self.state != "running" or not lock_nowait(self):
            return False
        self._check_manager()
        if self.to_start:
            return self._start()
        batch = self._batches_sudo().search(
            [("import_id", "=", self.id), ("done", "=", False)],
            order="sequence",
            limit=1,
        )
        if not batch:
            self._finish()
            return False
        counts = defaultdict(lambda: defaultdict(int))
        self._write_batch(batch.stage, plan_codec.load(self.env, batch.payload), counts)
        batch.write({"done": True, "payload": False})
        total = self._counts()
        for kind, values in counts.items():
            for what, count in values.items():
                total[kind][what] += count
        super().write({"counts": total, "batch_done_count": self.batch_done_count + 1})
        return True

    def _counts(self):
        """``{kind: {created, updated, unchanged, ...: count}}`` written so far."""
        counts = defaultdict(
            lambda: defaultdict(int, created=0, updated=0, unchanged=0)
        )
        for kind, values in (self.counts or {}).items():
            counts[kind].update(values)
        return counts

    def _write_batch(self, stage, payload, counts):
        if stage == "withdrawn":
            self._cancel_withdrawn(payload, counts)
            return
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
        counts = self._counts()
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
        # At least one step done (a batch, the start, a failure), or the
        # scheduler would take the job for one that reports no progress.
        self.env["ir.cron"]._notify_progress(
            done=max(record.batch_done_count - done, 1), remaining=remaining
        )

    def _check_manager(self):
        if not self.env.user.has_group("property_base.group_property_manager"):
            raise AccessError(
                self.env._("Only property managers may import a community.")
            )

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
        if counts["invoices"].get("cancelled"):
            lines += Markup("<li>%s</li>") % self.env._(
                "Opening invoices no longer in the file: %(count)s cancelled",
                count=counts["invoices"]["cancelled"],
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
