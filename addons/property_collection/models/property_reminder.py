from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from odoo.addons.property_base.tools import amount_formatter
from odoo.addons.property_billing.concurrency import create_new
from odoo.addons.property_billing.period import period_containing

SEND_BATCH_SIZE = 200
# Staff reach these residents themselves, from the printable notice list.
LIST_CHANNELS = ("paper", "phone")


class PropertyReminder(models.Model):
    """One reminder for one bill (or one coming cycle) at one stage: created
    once, whatever the number of runs, then handed to the notification
    service, which sends it by the payer's channel (or the next one that
    reaches them) and retries it until it is sent or visibly failed."""

    _name = "property.reminder"
    _description = "Payment Reminder"
    _order = "id desc"
    _rec_name = "partner_id"

    key = fields.Char(required=True, readonly=True, copy=False)
    stage = fields.Selection(
        [("cycle", "Before the Cycle"), ("due", "Before the Due Date")],
        required=True,
        readonly=True,
    )
    move_id = fields.Many2one(
        "account.move", string="Bill", readonly=True, index="btree_not_null"
    )
    contract_id = fields.Many2one(
        "property.fee.contract", readonly=True, index="btree_not_null"
    )
    unit_id = fields.Many2one("property.unit", readonly=True)
    community_id = fields.Many2one(
        related="unit_id.community_id", store=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, readonly=True, index=True
    )
    notification_id = fields.Many2one(
        "property.notification",
        string="Message",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    channel = fields.Selection(
        related="notification_id.channel", store=True, string="Sent By"
    )
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(readonly=True)
    breakdown = fields.Text(readonly=True)
    state = fields.Selection(
        [
            ("pending", "To Send"),
            ("sent", "Sent"),
            ("to_deliver", "To Deliver by Hand"),
            ("delivered", "Delivered by Hand"),
            ("failed", "Failed"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
    )
    attempt_count = fields.Integer(related="notification_id.attempt_count")
    next_attempt = fields.Datetime(related="notification_id.next_attempt")
    last_error = fields.Text(related="notification_id.last_error")
    sent_date = fields.Datetime(related="notification_id.sent_date")
    printed = fields.Boolean(
        readonly=True, help="Paper and phone reminders: printed on a notice list."
    )

    _sql_constraints = [
        (
            "key_uniq",
            "unique(key)",
            "A reminder is sent once per bill (or cycle) and stage.",
        )
    ]

    @api.depends("notification_id.state")
    def _compute_state(self):
        for reminder in self:
            reminder.state = reminder.notification_id.state or "pending"

    # ------------------------------------------------------------------
    # Scheduling
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_reminders(self, batch_size=SEND_BATCH_SIZE):
        today = fields.Date.context_today(self)
        self._schedule(today)
        sent = self._send_batch(batch_size)
        remaining = self.search_count(self._sendable_domain())
        self.env["ir.cron"]._notify_progress(done=sent, remaining=remaining)

    @api.model
    def _schedule(self, today):
        """Create the reminders that are due today and do not exist yet."""
        vals_list = self._due_reminder_vals(today) + self._cycle_reminder_vals(today)
        existing = set(
            self.search([("key", "in", [vals["key"] for vals in vals_list])]).mapped(
                "key"
            )
        )
        create_new(self, [v for v in vals_list if v["key"] not in existing])

    @api.model
    def _due_reminder_vals(self, today):
        vals_list = []
        communities = self.env["property.community"].search(
            [("reminder_due_days", ">", 0)]
        )
        for days_before, group in communities.grouped("reminder_due_days").items():
            bills = self.env["account.move"].search(
                [
                    *self.env["account.move"]._property_open_fee_bill_domain(),
                    ("property_unit_id.community_id", "in", group.ids),
                    ("invoice_date_due", ">=", today),
                    ("invoice_date_due", "<=", today + timedelta(days=days_before)),
                ]
            )
            vals_list += [
                {
                    "key": f"due:{bill.id}",
                    "stage": "due",
                    "move_id": bill.id,
                    "contract_id": bill.property_contract_id.id,
                    "unit_id": bill.property_unit_id.id,
                    "company_id": bill.company_id.id,
                    "partner_id": bill.partner_id.id,
                    "period_start": bill.property_period_start,
                    "period_end": bill.property_period_end,
                    "date_due": bill.invoice_date_due,
                    "amount": bill.amount_residual,
                }
                for bill in bills
            ]
        return vals_list

    @api.model
    def _cycle_reminder_vals(self, today):
        vals_list = []
        communities = self.env["property.community"].search(
            [("reminder_cycle_days", ">", 0)]
        )
        Run = self.env["property.billing.run"]
        for days_before, group in communities.grouped("reminder_cycle_days").items():
            horizon = today + timedelta(days=days_before)
            contracts = self.env["property.fee.contract"].search(
                [
                    ("community_id", "in", group.ids),
                    ("state", "=", "active"),
                    ("partner_id", "!=", False),
                    ("date_start", "<=", horizon),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">", today),
                ]
            )
            rates = contracts.line_ids.fee_type_id._rate_history(contracts.community_id)
            for contract in contracts:
                start, end = period_containing(horizon, contract.cycle)
                if start <= today or (contract.date_end and contract.date_end < start):
                    continue
                billed_start = max(start, contract.date_start)
                billed_end = min(end, contract.date_end or end)
                commands, reason = Run._prepare_invoice_lines(
                    contract,
                    (start, end, billed_start, billed_end),
                    rates,
                    contract.unit_id,
                    {},
                )
                if reason:
                    continue
                lines = [command[2] for command in commands]
                vals_list.append(
                    {
                        "key": f"cycle:{contract.id}:{start}",
                        "stage": "cycle",
                        "contract_id": contract.id,
                        "unit_id": contract.unit_id.id,
                        "company_id": contract.company_id.id,
                        "partner_id": contract.partner_id.id,
                        "period_start": billed_start,
                        "period_end": billed_end,
                        "amount": sum(self._line_amount(line) for line in lines),
                        "breakdown": "\n".join(
                            self._breakdown_line(contract, line) for line in lines
                        ),
                    }
                )
        return vals_list

    @api.model
    def _line_amount(self, line):
        return line["quantity"] * line["price_unit"] * (1 - line["discount"] / 100)

    @api.model
    def _breakdown_line(self, contract, line):
        return self.env._(
            "%(label)s: %(amount)s",
            label=line["name"],
            amount=contract.currency_id.format(self._line_amount(line)),
        )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _sendable_domain(self):
        return [("notification_id", "=", False)]

    @api.model
    def _send_batch(self, batch_size):
        """Hand a batch of new reminders to the notification service, which
        sends them by each payer's channel and retries them; rows another
        worker is sending are skipped, not sent twice."""
        ids = self.search(self._sendable_domain(), order="id", limit=batch_size).ids
        if not ids:
            return 0
        self.env.cr.execute(
            SQL(
                "SELECT id FROM property_reminder WHERE id IN %s "
                "AND notification_id IS NULL ORDER BY id FOR UPDATE SKIP LOCKED",
                tuple(ids),
            )
        )
        reminders = self.browse([row[0] for row in self.env.cr.fetchall()])
        reminders._send()
        return len(reminders)

    def _send(self):
        subjects, bodies = self._render_emails()
        formatters = {}
        messages = []
        for reminder in self:
            key = (reminder.partner_id.lang, reminder.currency_id)
            if key not in formatters:
                formatters[key] = amount_formatter(
                    self.env, reminder.currency_id, reminder.partner_id.lang
                )
            messages.append(
                reminder._message(
                    subjects.get(reminder.id), bodies.get(reminder.id), formatters[key]
                )
            )
        notifications = self.env["property.notification"]._notify(messages)
        for reminder, notification in zip(self, notifications, strict=True):
            reminder.notification_id = notification

    def _render_emails(self):
        """The e-mails' subjects and bodies by reminder id, rendered per
        template, for the payers an e-mail may reach only."""
        Notification = self.env["property.notification"]
        subjects, bodies = {}, {}
        for reminders in self.grouped("stage").values():
            emailed = reminders.filtered(
                lambda reminder: Notification._may_email(reminder.partner_id)
            )
            if emailed:
                template = emailed[0]._template()
                ids = emailed.ids
                subjects.update(
                    template._render_field("subject", ids, compute_lang=True)
                )
                bodies.update(
                    template._render_field("body_html", ids, compute_lang=True)
                )
        return subjects, bodies

    def _message(self, subject, body_html, format_amount=None):
        """What the notification service sends the payer."""
        self.ensure_one()
        params = self._params(format_amount)
        return {
            "record": self._document(),
            "partner": self.partner_id,
            "community": self.community_id,
            "company": self.company_id,
            "kind": f"reminder_{self.stage}",
            "subject": subject,
            "body_html": body_html,
            "body_text": self._sms_body(params),
            "params": params,
        }

    def action_retry(self):
        self.notification_id.action_retry()

    def _document(self):
        """The record the reminder is logged on: the bill, or the contract."""
        return self.move_id or self.contract_id

    def _template(self):
        return self.env.ref(f"property_collection.mail_template_reminder_{self.stage}")

    def _params(self, format_amount=None):
        """The reminder's values by name, in the payer's language: the SMS
        text and the connectors' approved templates fill them in."""
        reminder = self.with_context(lang=self.partner_id.lang)
        env = reminder.env
        format_amount = format_amount or reminder.currency_id.format
        return {
            "payer": reminder.partner_id.name,
            "unit": reminder.unit_id.code,
            "amount": format_amount(reminder.amount),
            "start": format_date(env, reminder.period_start),
            "end": format_date(env, reminder.period_end),
            "due": format_date(env, reminder.date_due),
            "company": reminder.company_id.name,
        }

    def _sms_body(self, params=None):
        reminder = self.with_context(lang=self.partner_id.lang)
        env = reminder.env
        values = params or reminder._params()
        if reminder.stage == "cycle":
            return env._(
                "Dear %(payer)s, the property fees of unit %(unit)s for %(start)s "
                "– %(end)s will be %(amount)s. Thank you for your support. "
                "%(company)s",
                **values,
            )
        return env._(
            "Dear %(payer)s, a kind reminder: the bill of unit %(unit)s, "
            "%(amount)s, is due on %(due)s. If you have already paid, please "
            "ignore this message. %(company)s",
            **values,
        )

    def action_print_notices(self):
        reminders = self.filtered(lambda r: r.channel in LIST_CHANNELS)
        if not reminders:
            raise UserError(
                self.env._("Select paper or phone reminders to print the notice list.")
            )
        reminders.printed = True
        return self.env.ref(
            "property_collection.action_report_property_notice_list"
        ).report_action(reminders)
