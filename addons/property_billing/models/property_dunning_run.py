import logging
from datetime import timedelta

from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import format_amount, mute_logger

from ..concurrency import lock_nowait

_logger = logging.getLogger(__name__)

DUNNING_BATCH_SIZE = 1000
HISTORY_DAYS = 365


class PropertyDunningRun(models.Model):
    """Assess every payer with overdue fee bills on a date: segment, case,
    next lawful step. Batched and idempotent: a second run on the same day, or
    a second worker, escalates nothing twice."""

    _name = "property.dunning.run"
    _description = "Dunning Run"
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        default="draft",
        required=True,
    )
    last_partner_id = fields.Integer(
        readonly=True, help="Progress: payers up to this id are assessed."
    )
    event_ids = fields.One2many("property.dunning.event", "run_id", readonly=True)
    escalated_count = fields.Integer(compute="_compute_counts")
    skipped_count = fields.Integer(compute="_compute_counts")
    closed_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "company_date_uniq",
            "unique(company_id, date)",
            "There is one dunning run per company and day: open it and run it again.",
        )
    ]

    @api.depends("event_ids")
    def _compute_counts(self):
        counts = {
            (run.id, kind): count
            for run, kind, count in self.env["property.dunning.event"]._read_group(
                [("run_id", "in", self.ids)], ["run_id", "kind"], ["__count"]
            )
        }
        for run in self:
            run.escalated_count = counts.get((run.id, "level"), 0)
            run.skipped_count = counts.get((run.id, "skip"), 0)
            run.closed_count = counts.get((run.id, "closed"), 0)

    @api.model
    def _overdue_domain(self, date):
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", date),
            "|",
            ("property_unit_id", "!=", False),
            ("property_is_late_fee", "=", True),
        ]

    # ------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------
    @api.model
    def _cron_run(self, batch_size=DUNNING_BATCH_SIZE):
        today = fields.Date.context_today(self)
        companies = self.env["property.dunning.policy"]._read_group(
            [], aggregates=["company_id:recordset"]
        )[0][0]
        for company in companies:
            run = self._for_date(company, today)
            if run.state == "draft":
                run._start()
            if run.state == "running":
                run._process_batch(batch_size)
        remaining = self.search_count([("state", "=", "running")])
        self.env["ir.cron"]._notify_progress(done=1, remaining=remaining)

    @api.model
    def _for_date(self, company, date):
        """The company's run of ``date``, created if needed; empty when another
        worker is creating it right now (that worker runs it)."""
        run = self.search([("company_id", "=", company.id), ("date", "=", date)])
        if run:
            return run
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                return self.create({"company_id": company.id, "date": date})
        except errors.UniqueViolation:
            return self.browse()

    def action_run(self):
        """Run, or run again: a second run of the day escalates nothing twice."""
        for run in self:
            if run.state == "done":
                run.write({"state": "draft", "last_partner_id": 0})
            if run.state == "draft":
                run._start()
            while run._process_batch():
                pass

    def _start(self):
        """Close the cases of payers who owe nothing overdue any more."""
        self.ensure_one()
        overdue = self._overdue_by_partner()
        cases = self.env["property.dunning.case"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "closed"),
                ("partner_id", "not in", list(overdue)),
            ]
        )
        for case in cases:
            if case.promise_date:
                case._log("promise_kept", self.date, run_id=self.id)
        cases._log("closed", self.date, run_id=self.id)
        cases.write(
            {
                "state": "closed",
                "amount_due": 0.0,
                "hold_type": False,
                "promise_date": False,
            }
        )
        self.state = "running"

    def _overdue_by_partner(self):
        """``{partner_id: (amount, oldest due date, unit)}``: what each payer
        owes past due on fee bills, late fees and defaulted installment plans
        (installments being kept are not chased). A few queries."""
        groups = self.env["account.move.line"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
                ("date_maturity", "<", self.date),
                "|",
                "|",
                ("move_id.property_unit_id", "!=", False),
                ("move_id.property_is_late_fee", "=", True),
                ("move_id.property_installment_agreement_id.state", "=", "defaulted"),
            ],
            ["partner_id"],
            ["amount_residual:sum", "date_maturity:min"],
        )
        units = dict(
            self.env["account.move"]._read_group(
                [
                    ("partner_id", "in", [partner.id for partner, *_ in groups]),
                    ("property_unit_id", "!=", False),
                ],
                ["partner_id"],
                ["property_unit_id:min"],
            )
        )
        all_units = list(set(units.values()))
        Unit = self.env["property.unit"]
        return {
            partner.id: (
                amount,
                oldest,
                Unit.browse(units.get(partner) or []).with_prefetch(all_units),
            )
            for partner, amount, oldest in groups
        }

    def _process_batch(self, batch_size=DUNNING_BATCH_SIZE):
        """Assess the next payers. Return whether more may remain."""
        self.ensure_one()
        if self.state != "running" or not lock_nowait(self):
            return False
        overdue = self._overdue_by_partner()
        partner_ids = sorted(pid for pid in overdue if pid > self.last_partner_id)[
            :batch_size
        ]
        if not partner_ids:
            self.state = "done"
            return False
        # The steps are logged as dunning events: no tracking message per case.
        run = self.with_context(tracking_disable=True, mail_create_nolog=True)
        partners = run.env["res.partner"].browse(partner_ids)
        partners._property_assign_dunning_segment(self.date, overdue)
        cases = run._open_cases(partners, overdue)
        batch = {"policies": {}, "events": [], "activities": []}
        for case in cases:
            amount, oldest, _unit = overdue[case.partner_id.id]
            run._advance(case, amount, oldest, batch)
        # The batch's steps and to-dos, created together.
        run.env["property.dunning.event"].create(batch["events"])
        run.env["mail.activity"].create(batch["activities"])
        self.last_partner_id = partner_ids[-1]
        return True

    def _open_cases(self, partners, overdue):
        Case = self.env["property.dunning.case"]
        cases = Case.search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "closed"),
            ]
        )
        missing = partners - cases.partner_id
        vals_list = [
            {
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "community_id": overdue[partner.id][2].community_id.id,
            }
            for partner in missing
        ]
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                cases |= Case.create(vals_list)
        except errors.UniqueViolation:
            # Another worker opened some of them meanwhile: take theirs.
            cases = Case.search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", self.company_id.id),
                    ("state", "!=", "closed"),
                ]
            )
        return cases

    # ------------------------------------------------------------------
    # One payer
    # ------------------------------------------------------------------
    def _advance(self, case, amount, oldest_due, batch):
        """Take the case's next step, if due; ``batch`` collects the events
        and activities to create and caches the segments' policies."""
        case.write({"amount_due": amount, "oldest_due_date": oldest_due})
        if case.level_date == self.date or case.state == "legal":
            return  # acted on today already, or in the hands of the lawyers
        if case.hold_type:
            if case.hold_until >= self.date:
                return self._skip(
                    case,
                    batch,
                    self.env._(
                        "On hold until %(date)s (%(type)s): %(reason)s",
                        date=case.hold_until,
                        type=dict(
                            case._fields["hold_type"]._description_selection(self.env)
                        )[case.hold_type],
                        reason=case.hold_reason,
                    ),
                )
            batch["events"].append(self._event(case, "hold_end", case.hold_reason))
            case.write({"hold_type": False, "hold_reason": False, "hold_until": False})
        if case.promise_date:
            if case.promise_date >= self.date:
                return self._skip(
                    case,
                    batch,
                    self.env._("Promised to pay by %(date)s.", date=case.promise_date),
                )
            batch["events"].append(
                self._event(
                    case,
                    "promise_broken",
                    self.env._(
                        "Not paid by %(date)s as promised.", date=case.promise_date
                    ),
                )
            )
            case.write({"promise_date": False, "promise_amount": 0.0})
        policy = case.partner_id._property_dunning_policy(
            self.company_id, batch["policies"]
        )
        if not policy:
            return self._skip(
                case, batch, self.env._("No dunning policy for this payer's segment.")
            )
        level = self._next_level(case, policy, amount, oldest_due)
        case.policy_id = policy
        if level:
            self._apply(case, level, amount, batch)

    def _event(self, case, kind, note="", **values):
        return {
            "case_id": case.id,
            "run_id": self.id,
            "kind": kind,
            "date": self.date,
            "note": note,
            **values,
        }

    def _skip(self, case, batch, reason):
        already = self.env["property.dunning.event"].search_count(
            [("case_id", "=", case.id), ("kind", "=", "skip"), ("date", "=", self.date)]
        )
        if not already:
            batch["events"].append(self._event(case, "skip", reason))

    def _next_level(self, case, policy, amount, oldest_due):
        current = case.level_id
        levels = policy.level_ids.sorted(lambda lvl: (lvl.sequence, lvl.id))
        if current.policy_id == policy:
            levels = levels.filtered(
                lambda lvl: (lvl.sequence, lvl.id) > (current.sequence, current.id)
            )
        elif current:
            levels = levels.filtered(lambda lvl: lvl.sequence > current.sequence)
        level = levels[:1]
        if not level or amount < level.min_amount:
            return None
        if level.trigger == "previous" and case.level_date:
            since = case.level_date
        else:
            since = oldest_due
        if self.date < since + timedelta(days=level.days):
            return None
        return level

    def _apply(self, case, level, amount, batch):
        case.write(
            {
                "level_id": level.id,
                "level_date": self.date,
                "state": "legal" if level.action == "legal" else case.state,
            }
        )
        event = self._event(
            case,
            "level",
            self.env._(
                "%(level)s: %(amount)s overdue.",
                level=level.name,
                amount=format_amount(self.env, amount, case.currency_id),
            ),
            level_id=level.id,
            action=level.action,
            amount_due=amount,
        )
        getattr(self, f"_action_{level.action}")(case, level, event, batch)
        batch["events"].append(event)

    def _responsible(self, case, level):
        manager = case.community_id.manager_id
        if level.responsible == "collector":
            return case.collector_id or manager or self.env.user
        if level.responsible == "legal":
            return self.company_id.property_legal_user_id or manager or self.env.user
        return manager or self.env.user

    def _schedule(self, case, level, batch, activity_xmlid, summary):
        batch["activities"].append(
            {
                "res_model_id": self.env["ir.model"]._get_id(case._name),
                "res_id": case.id,
                "activity_type_id": self.env.ref(activity_xmlid).id,
                "date_deadline": self.date,
                "summary": summary,
                "user_id": self._responsible(case, level).id,
            }
        )

    def _action_message(self, case, level, event, batch):
        partner = case.partner_id
        channel = partner.property_contact_channel
        template = level.template_id
        if channel == "email" and partner.email:
            body = template._render_field("body_html", case.ids, compute_lang=True)
            subject = template._render_field("subject", case.ids, compute_lang=True)
            case.message_post(
                subject=subject[case.id],
                body=body[case.id],
                partner_ids=partner.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
        elif channel == "sms" and (partner.mobile or partner.phone):
            case._message_sms(
                case._sms_body(level), partner_ids=partner.ids, put_in_queue=True
            )
        else:
            # Paper, phone, WeChat without a connector, or no address: a person
            # delivers it, so the notice is never silently lost.
            self._schedule(
                case,
                level,
                batch,
                "mail.mail_activity_data_todo",
                self.env._("Deliver the payment notice by hand or by phone"),
            )

    def _action_phone(self, case, level, event, batch):
        self._schedule(
            case,
            level,
            batch,
            "mail.mail_activity_data_call",
            self.env._("Call the payer about the overdue fees, kindly"),
        )

    def _action_visit(self, case, level, event, batch):
        self._schedule(
            case,
            level,
            batch,
            "mail.mail_activity_data_todo",
            self.env._("Visit the payer at home and record the outcome"),
        )

    def _action_demand_letter(self, case, level, event, batch):
        report = self.env.ref("property_billing.action_report_dunning_demand")
        content, _type = report._render_qweb_pdf(report.report_name, case.ids)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Demand letter %(case)s %(date)s.pdf",
                    case=case.name,
                    date=self.date,
                ),
                "raw": content,
                "res_model": case._name,
                "res_id": case.id,
                "mimetype": "application/pdf",
            }
        )
        event.update({"delivery_state": "pending", "attachment_id": attachment.id})
        self._schedule(
            case,
            level,
            batch,
            "mail.mail_activity_data_todo",
            self.env._("Send the demand letter by registered mail; record the proof"),
        )

    def _action_legal(self, case, level, event, batch):
        self._schedule(
            case,
            level,
            batch,
            "mail.mail_activity_data_todo",
            self.env._("Prepare the case for court or arbitration"),
        )
