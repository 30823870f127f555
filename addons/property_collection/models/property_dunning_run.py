from collections import defaultdict
from datetime import timedelta

from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL, mute_logger

from odoo.addons.property_base.models.property_notification import BY_HAND
from odoo.addons.property_base.tools import amount_formatter
from odoo.addons.property_billing import speedups
from odoo.addons.property_billing.concurrency import create_new, lock_nowait

DUNNING_BATCH_SIZE = 5000


class DunningBatch:
    """What a batch decides payer by payer, applied together: the cases' new
    values in one write per set of equal values, then the lawful actions, the
    steps and the to-dos in one create each, the e-mails rendered per level."""

    def __init__(self, run, partners):
        self.run = run
        self.partners = partners
        self.values = {}  # case id: new values
        self.actions = []  # (case, level, event values)
        self.events = []
        self.activities = []
        self.messages = []  # (case, level, event values) of payment notices
        self.activity_types = {}  # xmlid: activity type id
        self.policies = {}  # segment: policy
        self.levels = {}  # (policy, current level): the next level
        self.overrides = None  # partner id: policy chosen by a manager
        self._skipped_today = None  # ids of the cases skipped today already

    def skipped_today(self, case):
        if self._skipped_today is None:
            self._skipped_today = set(
                self.run.env["property.dunning.event"]
                .search(
                    [
                        ("case_id.partner_id", "in", self.partners.ids),
                        ("kind", "=", "skip"),
                        ("date", "=", self.run.date),
                    ]
                )
                .case_id.ids
            )
        return case.id in self._skipped_today

    def policy(self, partner, segment):
        """The manager's choice for the payer, else the segment's policy."""
        if self.overrides is None:
            # Few payers have one: search them rather than read every payer.
            # sudo: the overrides are manager-only fields; only managers
            # (action_run checks write access on the run) and the scheduler run.
            overridden = (
                self.run.env["res.partner"]
                .sudo()
                .with_context(active_test=False)  # archived payers are dunned too
                .search_fetch(
                    [
                        ("id", "in", self.partners.ids),
                        ("property_dunning_policy_id", "!=", False),
                    ],
                    ["property_dunning_policy_id"],
                )
            )
            self.overrides = {
                payer.id: payer.property_dunning_policy_id for payer in overridden
            }
        if partner.id in self.overrides:
            return self.overrides[partner.id]
        segment = segment or "standard"
        if segment not in self.policies:
            self.policies[segment] = self.run.env["property.dunning.policy"].search(
                [
                    ("company_id", "=", self.run.company_id.id),
                    ("segment", "=", segment),
                ],
                limit=1,
            )
        return self.policies[segment]

    def activity_type(self, xmlid):
        if xmlid not in self.activity_types:
            self.activity_types[xmlid] = self.run.env.ref(xmlid).id
        return self.activity_types[xmlid]

    def apply(self):
        Case = self.run.env["property.dunning.case"]
        groups = defaultdict(list)
        for case_id, vals in self.values.items():
            groups[tuple(sorted(vals.items()))].append(case_id)
        for vals, case_ids in groups.items():
            Case.browse(case_ids).write(dict(vals))
        acting = Case.browse([case.id for case, _level, _event in self.actions])
        # A notice not delivered yet is superseded by the next step's.
        acting._withdraw_notices()
        if acting:
            # What the actions read of their payers, rather than every column.
            acting.partner_id.fetch(
                ["property_contact_channel", "email", "mobile", "phone", "lang", "name"]
            )
        for case, level, event in self.actions:
            getattr(self.run, f"_action_{level.action}")(case, level, event, self)
            self.events.append(event)
        self.run._send_notices(self.messages)
        speedups.insert_rows(self.run.env["property.dunning.event"], self.events)
        self.run.env["mail.activity"].create(self.activities)


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
        return self.env["account.move"]._property_open_fee_bill_domain(overdue_on=date)

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
        self.check_access("write")
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
        if not lock_nowait(self):
            return  # another worker is starting it
        cases = self.env["property.dunning.case"].search(
            [("company_id", "=", self.company_id.id), ("state", "!=", "closed")]
        )
        overdue = self._overdue_by_partner(partner_ids=cases.partner_id.ids)
        cases = cases.filtered(lambda case: case.partner_id.id not in overdue)
        cases.filtered("promise_date")._log("promise_kept", self.date, run_id=self.id)
        cases._log("closed", self.date, run_id=self.id)
        cases._withdraw_notices()
        cases.write(
            {
                "state": "closed",
                "amount_due": 0.0,
                "hold_type": False,
                "promise_date": False,
            }
        )
        self.state = "running"

    def _overdue_by_partner(self, partner_ids=None, after=0, limit=None):
        """``{partner_id: (amount, oldest due date)}``: what payers owe past
        due on fee bills, late fees and defaulted installment plans
        (installments being kept are not chased). One query; ``after`` and
        ``limit`` take the next payers by id, ``partner_ids`` those payers."""
        Line = self.env["account.move.line"]
        receivables = self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self.company_id),
                ("account_type", "=", "asset_receivable"),
            ]
        )
        domain = [
            ("company_id", "=", self.company_id.id),
            # the ids rather than the type: the planner then walks the index of
            # open receivable lines by payer
            ("account_id", "in", receivables.ids),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
            ("date_maturity", "<", self.date),
            ("partner_id", "!=", False),
            "|",
            "|",
            ("move_id.property_unit_id", "!=", False),
            ("move_id.property_is_late_fee", "=", True),
            ("move_id.property_installment_agreement_id.state", "=", "defaulted"),
        ]
        if after:
            domain.append(("partner_id", ">", after))
        if partner_ids is not None:
            domain.append(("partner_id", "in", partner_ids))
        query = Line._search(domain)
        partner = Line._field_to_sql(query.table, "partner_id", query)
        query.groupby = partner
        query.order = partner
        query.limit = limit
        rows = self.env.execute_query(
            query.select(
                partner,
                SQL("SUM(%s)", Line._field_to_sql(query.table, "amount_residual")),
                SQL("MIN(%s)", Line._field_to_sql(query.table, "date_maturity")),
            )
        )
        return {pid: (amount, oldest) for pid, amount, oldest in rows}

    def _process_batch(self, batch_size=DUNNING_BATCH_SIZE):
        """Assess the next payers. Return whether more may remain."""
        self.ensure_one()
        if self.state != "running" or not lock_nowait(self):
            return False
        with speedups.gc_paused():
            overdue = self._overdue_by_partner(
                after=self.last_partner_id, limit=batch_size
            )
            if not overdue:
                self.state = "done"
                return False
            self._assess(overdue)
        self.last_partner_id = max(overdue)
        return True

    def _assess(self, overdue):
        """Assess the payers of ``overdue``: ``{partner_id: (amount, oldest
        due date)}``."""
        # The steps are logged as dunning events: no tracking message per case,
        # and the scheduler's user does not follow every case. The day's to-dos
        # appear in each collector's activities without an e-mail each.
        run = self.with_company(self.company_id).with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_activity_quick_update=True,
        )
        partners = run.env["res.partner"].browse(list(overdue))
        segments = partners._property_dunning_segments(self.date, overdue)
        batch = DunningBatch(run, partners)
        cases = run._open_cases(partners)
        new_cases = run._create_cases(
            partners - cases.partner_id, overdue, segments, batch
        )
        # Cases another worker opened meanwhile are assessed as open ones.
        cases |= run._open_cases(partners - cases.partner_id - new_cases.partner_id)
        for case in cases:
            partner_id = case.partner_id.id
            vals = run._advance(
                case, *overdue[partner_id], *segments[partner_id], batch
            )
            if vals:
                batch.values[case.id] = vals
        batch.apply()

    def _open_cases(self, partners):
        if not partners:
            return self.env["property.dunning.case"]
        return self.env["property.dunning.case"].search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "closed"),
            ]
        )

    def _create_cases(self, partners, overdue, segments, batch):
        """Open the payers' cases at their first step: what they owe, their
        segment, policy and the first level reached, if any, written at once.
        Those another worker opened meanwhile are left out."""
        if not partners:
            return self.env["property.dunning.case"]
        units = dict(
            self.env["account.move"]._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("property_unit_id", "!=", False),
                ],
                ["partner_id"],
                ["property_unit_id:min"],
            )
        )
        payer_units = self.env["property.unit"].browse(set(units.values()))
        payer_units.fetch(["community_id"])
        community_of = {unit.id: unit.community_id.id for unit in payer_units}
        no_level = self.env["property.dunning.level"]
        vals_list, first_steps = [], {}
        for partner in partners:
            amount, oldest_due = overdue[partner.id]
            segment, segment_reason = segments[partner.id]
            vals = {
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "community_id": community_of.get(units.get(partner)),
                "amount_due": amount,
                "oldest_due_date": oldest_due,
                "segment": segment,
                "segment_reason": segment_reason,
            }
            policy = batch.policy(partner, segment)
            level = None
            if policy:
                vals["policy_id"] = policy.id
                level = self._next_level(
                    no_level, None, policy, amount, oldest_due, batch
                )
            if level:
                vals.update(self._reached(level))
            first_steps[partner.id] = (policy, level)
            vals_list.append(vals)
        Case = self.env["property.dunning.case"]
        cases = create_new(Case, vals_list, create=Case._create_in_batch)
        for case in cases:
            policy, level = first_steps[case.partner_id.id]
            if level:
                self._escalate(case, level, case.amount_due, batch)
            elif not policy:
                self._skip(case, batch, self._no_policy_reason())
        return cases

    # ------------------------------------------------------------------
    # One payer
    # ------------------------------------------------------------------
    def _advance(self, case, amount, oldest_due, segment, segment_reason, batch):
        """Decide the case's next step, if due, and return the case's new
        values; ``batch`` collects the steps, to-dos and actions."""
        vals = {}
        if case.amount_due != amount or case.oldest_due_date != oldest_due:
            vals.update(amount_due=amount, oldest_due_date=oldest_due)
        if case.segment != segment or case.segment_reason != segment_reason:
            vals.update(segment=segment, segment_reason=segment_reason)
        if case.level_date == self.date or case.state == "legal":
            return vals  # acted on today already, or in the hands of the lawyers
        if case.hold_type:
            if case.hold_until >= self.date:
                self._skip(
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
                return vals
            batch.events.append(self._event(case, "hold_end", case.hold_reason))
            vals.update(hold_type=False, hold_reason=False, hold_until=False)
        if case.promise_date:
            if case.promise_date >= self.date:
                self._skip(
                    case,
                    batch,
                    self.env._("Promised to pay by %(date)s.", date=case.promise_date),
                )
                return vals
            batch.events.append(
                self._event(
                    case,
                    "promise_broken",
                    self.env._(
                        "Not paid by %(date)s as promised.", date=case.promise_date
                    ),
                )
            )
            vals.update(promise_date=False, promise_amount=0.0)
        policy = batch.policy(case.partner_id, segment)
        if not policy:
            self._skip(case, batch, self._no_policy_reason())
            return vals
        if case.policy_id != policy:
            vals["policy_id"] = policy.id
        level = self._next_level(
            case.level_id, case.level_date, policy, amount, oldest_due, batch
        )
        if level:
            vals.update(self._reached(level))
            self._escalate(case, level, amount, batch)
        return vals

    def _reached(self, level):
        """A case's new values on reaching ``level`` today."""
        vals = {"level_id": level.id, "level_date": self.date}
        if level.action == "legal":
            vals["state"] = "legal"  # in the hands of the lawyers from now on
        return vals

    def _escalate(self, case, level, amount, batch):
        event = self._event(
            case, "level", level_id=level.id, action=level.action, amount_due=amount
        )
        batch.actions.append((case, level, event))

    def _no_policy_reason(self):
        return self.env._("No dunning policy for this payer's segment.")

    def _event(self, case, kind, note="", **values):
        return {
            "case_id": case.id,
            "run_id": self.id,
            "kind": kind,
            "date": self.date,
            "note": note,
            "user_id": self.env.uid,
            **values,
        }

    def _skip(self, case, batch, reason):
        if not batch.skipped_today(case):
            batch.events.append(self._event(case, "skip", reason))

    def _next_level(self, current, current_since, policy, amount, oldest_due, batch):
        """The level after ``current`` (reached on ``current_since``) due now,
        if any."""
        key = (policy, current)
        if key not in batch.levels:
            levels = policy.level_ids.sorted(lambda lvl: (lvl.sequence, lvl.id))
            if current.policy_id == policy:
                levels = levels.filtered(
                    lambda lvl: (lvl.sequence, lvl.id) > (current.sequence, current.id)
                )
            elif current:
                levels = levels.filtered(lambda lvl: lvl.sequence > current.sequence)
            batch.levels[key] = levels[:1]
        level = batch.levels[key]
        if not level or amount < level.min_amount:
            return None
        if level.trigger == "previous" and current_since:
            since = current_since
        else:
            since = oldest_due
        if self.date < since + timedelta(days=level.days):
            return None
        return level

    def _responsible(self, case, level):
        manager = case.community_id.manager_id
        if level.responsible == "collector":
            return case.collector_id or manager or self.env.user
        if level.responsible == "legal":
            return self.company_id.property_legal_user_id or manager or self.env.user
        return manager or self.env.user

    def _schedule(self, case, level, batch, activity_xmlid, summary):
        batch.activities.append(
            {
                "res_model_id": self.env["ir.model"]._get_id(case._name),
                "res_id": case.id,
                "activity_type_id": batch.activity_type(activity_xmlid),
                "date_deadline": self.date,
                "summary": summary,
                "user_id": self._responsible(case, level).id,
            }
        )

    def _action_message(self, case, level, event, batch):
        batch.messages.append((case, level, event))

    def _send_notices(self, notices):
        """The levels' messages to their payers, each by the payer's channel
        through the notification service: the e-mails rendered once per
        level, paper and phone notices listed for staff to deliver."""
        if not notices:
            return
        Notification = self.env["property.notification"]
        emailed = defaultdict(list)
        payers = []  # (payer, payer's language, preferred channel) per notice
        for case, level, _event in notices:
            payer = case.partner_id
            payers.append((payer, payer.lang, payer.property_contact_channel))
            if Notification._may_email(payer):
                emailed[level].append(case.id)
        rendered = defaultdict(lambda: ({}, {}))
        for level, case_ids in emailed.items():
            if template := level.template_id:
                rendered[level] = (
                    template._render_field("subject", case_ids, compute_lang=True),
                    template._render_field("body_html", case_ids, compute_lang=True),
                )
        # What depends on the payer's language and the level only, looked up
        # once for the thousands of notices.
        formatters, level_names, texts = {}, {}, {}
        Case = self.env["property.dunning.case"]
        messages = []
        for (case, level, _event), (payer, lang, channel) in zip(
            notices, payers, strict=True
        ):
            currency = case.currency_id
            if (lang, currency) not in formatters:
                formatters[lang, currency] = amount_formatter(self.env, currency, lang)
            if (lang, level) not in level_names:
                level_names[lang, level] = level.with_context(lang=lang).name
            if lang not in texts:
                texts[lang] = Case.with_context(lang=lang)._sms_text()
            params = case._params(
                level, formatters[lang, currency], level_names[lang, level]
            )
            messages.append(
                {
                    "record": case,
                    "partner": payer,
                    "community": case.community_id,
                    "company": case.company_id,
                    "kind": f"dunning_level_{level.id}",
                    "subject": rendered[level][0].get(case.id),
                    "body_html": rendered[level][1].get(case.id),
                    "body_text": case._sms_body(level, params, texts[lang]),
                    "params": params,
                    # A notice delivered by hand is logged as the case's
                    # dunning step already: no chatter note besides.
                    "log": channel not in BY_HAND,
                }
            )
        notifications = Notification._notify(messages)
        # Read at once rather than notification by notification.
        states = notifications.mapped("state")
        channels = notifications.mapped("channel")
        for (_case, _level, event), notification_id, state, channel in zip(
            notices, notifications.ids, states, channels, strict=True
        ):
            event["notification_id"] = notification_id
            event["channel"] = channel
            if state == "to_deliver":
                event["delivery_state"] = "pending"

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
        report = self.env.ref("property_collection.action_report_dunning_demand")
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
