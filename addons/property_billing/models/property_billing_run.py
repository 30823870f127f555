import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from psycopg2 import OperationalError

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.account.tools.structured_reference import (
    format_structured_reference_iso,
)

from .. import speedups
from ..concurrency import create_new, lock_nowait
from ..period import days, period_containing, period_to_bill, rate_segments

_logger = logging.getLogger(__name__)

BATCH_SIZE = 500
CLOSED_CATCH_UP_YEARS = 1


class PropertyBillingRun(models.Model):
    _name = "property.billing.run"
    _description = "Billing Run"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    date = fields.Date(
        string="Billing Date",
        required=True,
        default=fields.Date.context_today,
        help="Contracts in advance are billed for the period containing this date, "
        "contracts in arrears for the period before it; periods missed since a "
        "contract started are caught up.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    community_ids = fields.Many2many(
        "property.community",
        string="Communities",
        check_company=True,
        help="Leave empty to bill every community of the company.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("failed", "Stopped"),
            ("done", "Done"),
        ],
        required=True,
        default="draft",
        tracking=True,
    )
    error = fields.Text(
        readonly=True,
        copy=False,
        help="Why the run stopped; resume it once the cause is fixed.",
    )
    last_contract_id = fields.Integer(
        readonly=True,
        copy=False,
        help="Progress: contracts up to this id have been processed.",
    )
    contract_count = fields.Integer(string="Contracts", readonly=True, copy=False)
    processed_count = fields.Integer(string="Processed", readonly=True, copy=False)
    move_ids = fields.One2many(
        "account.move", "property_billing_run_id", string="Invoices"
    )
    # Invoices are for who may read them: staff without an accounting right
    # see the run's progress and skipped contracts, not its invoice count.
    invoice_count = fields.Integer(
        compute="_compute_invoice_count", groups="account.group_account_invoice"
    )
    log_ids = fields.One2many("property.billing.run.log", "run_id", string="Skipped")
    skipped_count = fields.Integer(compute="_compute_counts")
    progress = fields.Float(compute="_compute_counts")

    @api.depends("move_ids")
    def _compute_invoice_count(self):
        for run in self:
            run.invoice_count = len(run.move_ids)

    @api.depends("log_ids", "processed_count", "contract_count")
    def _compute_counts(self):
        for run in self:
            run.skipped_count = len(run.log_ids)
            run.progress = (
                100.0 * run.processed_count / run.contract_count
                if run.contract_count
                else 0
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "property.billing.run"
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_run(self):
        """Bill every contract of the run now, in this transaction."""
        for run in self:
            run._start()
            while run._process_batch():
                pass
        return True

    def action_start(self):
        """Bill in the background, batch after batch, committing each."""
        for run in self:
            run._start()
        self.env.ref("property_billing.ir_cron_process_billing_runs")._trigger()

    def action_resume(self):
        """Go on with a stopped run where it stopped."""
        self.filtered(lambda run: run.state == "failed").write(
            {"state": "running", "error": False}
        )
        self.env.ref("property_billing.ir_cron_process_billing_runs")._trigger()

    def _start(self):
        self.ensure_one()
        if self.state in ("done", "failed"):
            return
        if not self._journal():
            raise UserError(
                self.env._(
                    "Company %(company)s has no sales journal: create one in "
                    "Accounting before billing.",
                    company=self.company_id.name,
                )
            )
        if self.state == "draft":
            self.write(
                {
                    "state": "running",
                    "contract_count": self.env["property.fee.contract"].search_count(
                        self._contract_domain()
                    ),
                }
            )

    @api.model
    def _cron_process(self, batch_size=BATCH_SIZE):
        """Process one batch of the oldest running run and report progress;
        the scheduler commits and calls again while work remains."""
        run = self.search([("state", "=", "running")], order="id", limit=1)
        if not run:
            return
        processed = run.processed_count
        try:
            with self.env.cr.savepoint():
                run._process_batch(batch_size)
        except OperationalError:
            raise  # a lock or a lost connection: the scheduler tries again
        except Exception as error:
            # Contracts fail one by one in ``_bill_isolated``: what fails here
            # fails for the whole run. Stop it so that the runs after it go on.
            _logger.exception("Billing run %s stopped", run.name)
            run.write({"state": "failed", "error": str(error)})
        remaining = self.env["property.fee.contract"].search_count(
            run._contract_domain(pending=True)
        ) + self.search_count([("state", "=", "running"), ("id", "!=", run.id)])
        self.env["ir.cron"]._notify_progress(
            done=run.processed_count - processed, remaining=remaining
        )

    @api.model
    def _cron_create_monthly_runs(self):
        """On each cycle, one run per company that has active contracts."""
        today = fields.Date.context_today(self)
        companies = (
            self.env["property.fee.contract"]
            .search([("state", "=", "active")])
            .company_id
        )
        for company in companies:
            if not self.search_count(
                [("company_id", "=", company.id), ("date", "=", today)]
            ):
                self.create({"company_id": company.id, "date": today}).action_start()

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    def _contract_domain(self, pending=False):
        self.ensure_one()
        domain = [
            # Closed contracts still owe their last periods; after a year they
            # are left out so that old contracts do not weigh on every run.
            "|",
            ("state", "=", "active"),
            "&",
            ("state", "=", "closed"),
            ("date_end", ">=", self.date - relativedelta(years=CLOSED_CATCH_UP_YEARS)),
            ("company_id", "=", self.company_id.id),
            ("date_start", "<=", self.date),
        ]
        if self.community_ids:
            domain.append(("community_id", "in", self.community_ids.ids))
        if pending:
            domain.append(("id", ">", self.last_contract_id))
        return domain

    def _journal(self):
        return self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company_id.id)], limit=1
        )

    def _process_batch(self, batch_size=BATCH_SIZE):
        """Bill the next batch of contracts. Return whether more may remain."""
        self.ensure_one()
        if self.state != "running" or not lock_nowait(self):
            return False
        contracts = self.env["property.fee.contract"].search(
            self._contract_domain(pending=True), order="id", limit=batch_size
        )
        if not contracts:
            self.state = "done"
            return False
        skipped = self._bill_isolated(contracts)
        self.env["property.billing.run.log"].create(
            [
                {"run_id": self.id, "contract_id": contract.id, "reason": reason}
                for contract, reason in skipped.items()
            ]
        )
        # A batch short of its size was the last one: the run is done now,
        # not when the scheduler passes again (up to an hour later).
        last = len(contracts) < batch_size
        self.write(
            {
                "last_contract_id": contracts[-1].id,
                "processed_count": self.processed_count + len(contracts),
                **({"state": "done"} if last else {}),
            }
        )
        return not last

    def _bill_isolated(self, contracts):
        """Bill ``contracts`` together; should that fail, bill each on its own,
        so that what goes wrong for one contract skips that contract only.
        Return ``{contract: reason}`` for the contracts not billed."""
        try:
            with self.env.cr.savepoint():
                return self._bill(contracts)
        except OperationalError:
            raise  # a lock or a lost connection: the whole batch is retried
        except Exception:
            if len(contracts) == 1:
                raise
        skipped = {}
        for contract in contracts:
            try:
                with self.env.cr.savepoint():
                    skipped.update(self._bill(contract))
            except OperationalError:
                raise
            except Exception as error:
                _logger.warning(
                    "Billing run %s could not bill contract %s",
                    self.name,
                    contract.name,
                    exc_info=True,
                )
                skipped[contract] = self._failure_reason(error)
        return skipped

    def _failure_reason(self, error):
        if isinstance(error, UserError):
            return error.args[0]
        return self.env._(
            "Unexpected error (%(error)s): the next run bills this contract again "
            "once the cause is fixed; the server log has the details.",
            error=error,
        )

    def _bill(self, contracts):
        """Invoice ``contracts`` with the one-off charges of their payers.
        Return ``{contract: reason}`` for those that cannot be billed."""
        invoice_vals, skipped = self._prepare_invoices(contracts)
        charges = self._add_pending_charges(contracts, invoice_vals)
        moves = self._create_invoices(invoice_vals)
        for move in moves:
            key = (move.property_contract_id.id, move.property_period_start)
            if key in charges:
                charges[key].write({"state": "billed", "move_id": move.id})
        return skipped

    def _periods_to_bill(self, contract, billed):
        """Periods of ``contract`` up to this run's, not yet in ``billed``
        (a period whose invoice was cancelled is billed again)."""
        last_start, _last_end = period_to_bill(
            self.date, contract.cycle, contract.billing_mode
        )
        start, end = period_containing(contract.date_start, contract.cycle)
        periods = []
        while start <= last_start:
            billed_start = max(start, contract.date_start)
            billed_end = min(end, contract.date_end) if contract.date_end else end
            if billed_start <= billed_end and billed_start not in billed:
                periods.append((start, end, billed_start, billed_end))
            start, end = period_containing(end + relativedelta(days=1), contract.cycle)
        return periods

    def _prepare_invoices(self, contracts):
        """Return the invoice values for ``contracts`` and ``{contract: reason}``
        for those that cannot be billed. A few queries per batch."""
        billed = defaultdict(set)
        for contract, period_start in self.env["account.move"]._read_group(
            [
                ("property_contract_id", "in", contracts.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "!=", "cancel"),
            ],
            ["property_contract_id", "property_period_start:day"],
        ):
            billed[contract.id].add(period_start)
        rates = contracts.line_ids.fee_type_id._rate_history(contracts.community_id)
        journal = self._journal()
        income_accounts = {
            product: product.product_tmpl_id._get_product_accounts()["income"]
            or journal.default_account_id
            for product in contracts.line_ids.fee_type_id.product_id
        }
        invoice_vals = []
        skipped = {}
        consumption_cache = {}
        for contract in contracts:
            reason = self._check_billable(contract, income_accounts)
            if reason:
                skipped[contract] = reason
                continue
            for period in self._periods_to_bill(contract, billed[contract.id]):
                lines, reason = self._prepare_invoice_lines(
                    contract, period, rates, contracts.unit_id, consumption_cache
                )
                if reason:
                    skipped[contract] = reason
                    break
                if lines:
                    invoice_vals.append(
                        self._prepare_invoice_vals(contract, period, lines, journal)
                    )
        return invoice_vals, skipped

    def _add_pending_charges(self, contracts, invoice_vals):
        """Put the one-off charges of the contracts' payers and units on their
        first invoice of this batch. Return ``{(contract id, period start):
        charges}``."""
        pending = self.env["property.billing.charge"].search(
            [
                ("unit_id", "in", contracts.unit_id.ids),
                ("state", "=", "pending"),
                ("date", "<=", self.date),
            ]
        )
        if not pending:
            return {}
        by_payer_unit = pending.grouped(lambda c: (c.partner_id.id, c.unit_id.id))
        placed = {}
        for vals in invoice_vals:
            key = (vals["partner_id"], vals["property_unit_id"])
            if key in by_payer_unit:
                charges = by_payer_unit.pop(key)
                vals["invoice_line_ids"] += [
                    charge._invoice_line_command() for charge in charges
                ]
                placed[vals["property_contract_id"], vals["property_period_start"]] = (
                    charges
                )
        return placed

    def _check_billable(self, contract, income_accounts):
        if not contract.partner_id:
            return self.env._("No payer: register the owner or payer of the unit.")
        for line in contract.line_ids:
            if not income_accounts[line.fee_type_id.product_id]:
                return self.env._(
                    "No income account for %(product)s: set one on the product or "
                    "its category.",
                    product=line.fee_type_id.product_id.display_name,
                )
            if line.basis == "area" and contract.unit_id.area <= 0:
                return self.env._("The unit has no gross area: enter it on the unit.")
        if not contract.line_ids:
            return self.env._("The contract has no fee item.")
        return None

    def _prepare_invoice_lines(self, contract, period, rates, units, consumption_cache):
        """Invoice line commands for one period, or a reason to skip.
        ``rates`` is ``property.fee.type._rate_history()`` of the contracts'
        fee items and communities; ``consumption_cache`` keeps the batch's
        consumption per meter and period."""
        start, end, billed_start, billed_end = period
        currency = contract.currency_id
        vacancy = (
            contract.community_id.vacancy_discount
            if contract.unit_id.state == "vacant"
            else 0.0
        )
        commands = []
        for line in contract.line_ids:
            fee_type = line.fee_type_id
            history = (
                [(billed_start, line.rate_override)]
                if line.rate_override
                else rates[fee_type.id, contract.community_id.id]
            )
            if fee_type.basis == "metered":
                key = (fee_type.meter_type, billed_start, billed_end)
                if key not in consumption_cache:
                    # One query for the whole batch and this period.
                    consumption_cache[key] = self.env[
                        "property.meter.reading"
                    ]._consumption_by_unit(units, *key)
                quantity = consumption_cache[key][contract.unit_id.id]
                segments = rate_segments(billed_end, billed_end, history)
                if not segments:
                    return [], self._no_rate_reason(fee_type, billed_end)
                if not quantity:
                    continue
                price = segments[0][2]
                label = self.env._(
                    "%(fee)s %(start)s – %(end)s: %(quantity)s",
                    fee=fee_type.name,
                    start=billed_start,
                    end=billed_end,
                    quantity=quantity,
                )
            else:
                segments = rate_segments(billed_start, billed_end, history)
                covered = sum(days(s, e) for s, e, _rate in segments)
                if covered < days(billed_start, billed_end):
                    return [], self._no_rate_reason(fee_type, billed_start)
                base = contract.unit_id.area if fee_type.basis == "area" else 1.0
                amount = sum(
                    rate * base * contract._months() * days(s, e) / days(start, end)
                    for s, e, rate in segments
                )
                quantity, price = 1.0, currency.round(amount)
                label = self.env._(
                    "%(fee)s %(start)s – %(end)s",
                    fee=fee_type.name,
                    start=billed_start,
                    end=billed_end,
                )
            commands.append(
                Command.create(
                    {
                        "product_id": fee_type.product_id.id,
                        "name": label,
                        "quantity": quantity,
                        "price_unit": price,
                        # Contract and vacancy discounts compound.
                        "discount": 100 - (100 - line.discount) * (100 - vacancy) / 100,
                    }
                )
            )
        return commands, None

    def _no_rate_reason(self, fee_type, date):
        return self.env._(
            "No rate for %(fee)s on %(date)s: add a rate to the fee item.",
            fee=fee_type.name,
            date=date,
        )

    def _prepare_invoice_vals(self, contract, period, lines, journal):
        start, end, billed_start, billed_end = period
        due_from = start if contract.billing_mode == "advance" else end
        return {
            "move_type": "out_invoice",
            "partner_id": contract.partner_id.id,
            "company_id": contract.company_id.id,
            "journal_id": journal.id,
            "invoice_date": self.date,
            # The contract's due term, not the payer's payment terms.
            "invoice_payment_term_id": False,
            "invoice_date_due": max(
                due_from + relativedelta(days=contract.due_days), self.date
            ),
            "invoice_origin": contract.name,
            "payment_reference": format_structured_reference_iso(
                f"{contract.unit_id.id:07d}{billed_start:%Y%m%d}"
            ),
            "property_contract_id": contract.id,
            "property_unit_id": contract.unit_id.id,
            "property_period_start": billed_start,
            "property_period_end": billed_end,
            "property_billing_run_id": self.id,
            "invoice_line_ids": lines,
        }

    def _create_invoices(self, vals_list):
        if not vals_list:
            return self.env["account.move"]
        # Without the audit trail, the run's invoices skip the chatter's
        # creation message and tracking, a tenth of the time a batch takes.
        # With it, they are logged exactly as invoices made by hand.
        logged = self.company_id.check_account_audit_trail
        Move = self.env["account.move"].with_context(
            mail_create_nolog=not logged,
            tracking_disable=not logged,
            mail_notrack=not logged,
        )
        # Another run or worker may have billed some of these periods
        # meanwhile: the unique index leaves them out.
        moves = create_new(Move, vals_list, Move._property_create_fee_invoices)
        if self.company_id.property_billing_auto_post:
            moves._property_subscribe_customers()
            speedups.for_batch_posting(moves)._post(soft=False)
            moves._property_apply_credit()
        return moves
