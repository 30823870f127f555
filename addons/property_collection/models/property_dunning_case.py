import csv
import io
import zipfile
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.mail.models.mail_thread import MailThread
from odoo.addons.property_base.tools import escape_cell, insert_rows

from .property_dunning_policy import SEGMENTS


def escaped_csv(content):
    """``content``, CSV in UTF-8, with every cell a spreadsheet would run
    as a formula escaped: the pack holds text typed by residents."""
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in csv.reader(io.StringIO(content, newline="")):
        writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue().encode()


HOLD_TYPES = [
    ("dispute", "Registered Dispute"),
    ("installment", "Installment Agreement Kept"),
    ("manager", "Manager Hold"),
]


class PropertyDunningCase(models.Model):
    """Everything a payer owes past due, followed step by step: one open
    case per payer."""

    _name = "property.dunning.case"
    _description = "Dunning Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "amount_due desc, id"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    community_id = fields.Many2one("property.community", readonly=True, index=True)
    # Computed rather than related: creating a batch of cases then stores
    # their amounts as given, without building a new record per case to find
    # the currency (what a related currency costs at insert).
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    state = fields.Selection(
        [("open", "Open"), ("legal", "With Legal"), ("closed", "Closed")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    segment = fields.Selection(
        SEGMENTS,
        string="Payer Segment",
        readonly=True,
        help="Set by each dunning run from the payer's payment history.",
    )
    segment_reason = fields.Text(string="Why This Segment", readonly=True)
    policy_id = fields.Many2one("property.dunning.policy", readonly=True)
    level_id = fields.Many2one("property.dunning.level", readonly=True, tracking=True)
    level_date = fields.Date(string="Level Since", readonly=True)
    level_action = fields.Selection(related="level_id.action")
    # A numeric shown as money rather than a Monetary field: a Monetary value
    # looks its currency up record by record when created, a quarter of the
    # time a dunning run spends creating cases and steps. The amounts are sums
    # of receivable residuals, already rounded to the currency.
    amount_due = fields.Float(string="Overdue", readonly=True, digits=0)
    oldest_due_date = fields.Date(readonly=True)
    collector_id = fields.Many2one("res.users", tracking=True)
    move_ids = fields.Many2many(
        "account.move", string="Overdue Bills", compute="_compute_move_ids"
    )
    event_ids = fields.One2many(
        "property.dunning.event", "case_id", string="History", readonly=True
    )
    promise_date = fields.Date(
        string="Promised By",
        tracking=True,
        help="The payer promised to pay by this date: no escalation until then; "
        "a promise not kept is broken automatically.",
    )
    promise_amount = fields.Monetary(tracking=True)
    hold_type = fields.Selection(HOLD_TYPES, tracking=True)
    hold_reason = fields.Text(tracking=True)
    hold_until = fields.Date(tracking=True)

    def init(self):
        result = super().init()
        # One open case per payer, whichever run or worker opens it.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS property_dunning_case_open_uniq "
                "ON property_dunning_case (partner_id, company_id) "
                "WHERE state != 'closed'"
            )
        )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._numbered(vals_list))

    @api.model
    def _create_in_batch(self, vals_list):
        """Open the cases of a dunning batch: numbered as ``create`` numbers
        them, then written by ``insert_rows`` (the chatter does nothing more
        for a case created without tracking)."""
        if not self.env.context.get("tracking_disable"):
            return self.create(vals_list)
        return insert_rows(
            self,
            self._numbered(vals_list),
            done=(PropertyDunningCase.create, MailThread.create),
        )

    def _numbered(self, vals_list):
        # Numbered on copies: a caller retrying after a clash (another worker
        # opened the case) draws new numbers, also from a no-gap sequence.
        vals_list = [dict(vals) for vals in vals_list]
        new = self.env._("New")
        unnamed = [vals for vals in vals_list if vals.get("name", new) == new]
        names = self.env["ir.sequence"]._property_next_by_code_many(
            "property.dunning.case", len(unnamed)
        )
        for vals, name in zip(unnamed, names, strict=True):
            vals["name"] = name
        return vals_list

    @api.depends("company_id.currency_id")
    def _compute_currency_id(self):
        # By company rather than case by case: a run reads it for thousands.
        for company, cases in self.grouped("company_id").items():
            cases.currency_id = company.currency_id

    @api.depends("partner_id", "state")
    def _compute_move_ids(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.move_ids = self.env["account.move"].search(case._overdue_domain(today))

    def _overdue_domain(self, date):
        return [
            ("partner_id", "=", self.partner_id.id),
            ("company_id", "=", self.company_id.id),
            *self.env["property.dunning.run"]._overdue_domain(date),
        ]

    @api.constrains("hold_type", "hold_reason", "hold_until")
    def _check_hold(self):
        for case in self.filtered("hold_type"):
            if not case.hold_reason or not case.hold_until:
                raise ValidationError(
                    self.env._(
                        "A hold needs a reason and an end date: a dispute or a hold "
                        "pauses the reminders, it never cancels the debt."
                    )
                )

    def _log(self, kind, date, note="", **values):
        return self.env["property.dunning.event"].create(
            [
                {"case_id": case.id, "kind": kind, "date": date, "note": note, **values}
                for case in self
            ]
        )

    def _withdraw_notices(self):
        """Take the cases' payment notices still to deliver off the list: the
        case is paid, or a newer step replaces them."""
        if not self:
            return
        self.check_access("write")
        notices = (
            self.env["property.dunning.event"]
            # sudo: the user may write these cases (checked above); their steps
            # are history nobody edits, only their notices' delivery is recorded.
            .sudo()
            .search(
                [
                    ("case_id", "in", self.ids),
                    ("action", "=", "message"),
                    ("delivery_state", "=", "pending"),
                ]
            )
        )
        notices.write({"delivery_state": "withdrawn"})
        notices.notification_id.filtered(
            lambda notification: notification.state == "to_deliver"
        )._write_state({"state": "withdrawn"})

    def action_hold(self, hold_type, reason, until):
        """Pause escalation until ``until``, with the reason; the debt stands."""
        today = fields.Date.context_today(self)
        if fields.Date.to_date(until) < today:
            raise UserError(self.env._("A hold ends today or later."))
        self.write({"hold_type": hold_type, "hold_reason": reason, "hold_until": until})
        self._log("hold", today, reason)

    def action_promise(self, date, amount=0.0):
        today = fields.Date.context_today(self)
        if fields.Date.to_date(date) < today:
            raise UserError(self.env._("A promise to pay is for today or later."))
        self.write({"promise_date": date, "promise_amount": amount})
        self._log(
            "promise",
            today,
            self.env._("Promised to pay by %(date)s.", date=date),
        )

    def _params(self, level, format_amount=None, level_name=None):
        """The notice's values by name, in the payer's language: the SMS text
        and the connectors' approved templates fill them in. A run passes
        ``format_amount`` (see ``amount_formatter``) and the level's name in
        the payer's language, looked up once per language for its thousands
        of notices."""
        if format_amount is None or level_name is None:
            lang = self.partner_id.lang
            format_amount = (
                format_amount or self.with_context(lang=lang).currency_id.format
            )
            if level_name is None:
                level_name = level.with_context(lang=lang).name
        return {
            "payer": self.partner_id.name,
            "amount": format_amount(self.amount_due),
            "level": level_name,
            "company": self.company_id.name,
        }

    def _sms_body(self, level, params=None, text=None):
        """The notice's short text; a run passes ``text``, the payer's
        language's ``_sms_text()``, looked up once per language."""
        if text is None:
            text = self.with_context(lang=self.partner_id.lang)._sms_text()
        return text % (params or self._params(level))

    @api.model
    def _sms_text(self):
        """The notice's short text in the environment's language, with its
        values by name (``_params``) to fill in."""
        return self.env._(
            "Dear %(payer)s, our records show %(amount)s of property fees overdue "
            "(%(level)s). Please pay in the resident portal or at the service "
            "counter, or call us if anything is difficult. %(company)s"
        )

    # ------------------------------------------------------------------
    # Evidence pack for court or arbitration
    # ------------------------------------------------------------------
    def action_evidence_pack(self):
        """A ZIP of PDFs: the statement of account, the dunning dossier (every
        notice with its time and delivery status, visits and their outcomes,
        the fee contracts) and the demand letters sent."""
        self.ensure_one()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for filename, content in self._property_evidence_files():
                if filename.lower().endswith(".csv"):
                    content = escaped_csv(content)
                archive.writestr(filename, content)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Evidence %(case)s.zip", case=self.name),
                "raw": buffer.getvalue(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/zip",
            }
        )
        self.message_post(
            body=self.env._("Evidence pack prepared."), attachment_ids=attachment.ids
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _property_evidence_files(self):
        """``[(filename, content)]`` of the evidence pack; glue modules add
        their own documents (e.g. the related service tickets)."""
        self.ensure_one()
        Report = self.env["ir.actions.report"]
        today = fields.Date.context_today(self)
        since = (self.oldest_due_date or today) - timedelta(days=366)
        statement, _type = Report._render_qweb_pdf(
            "property_billing.action_report_property_statement",
            self.partner_id.ids,
            data={"date_from": str(since), "date_to": str(today)},
        )
        dossier, _type = Report._render_qweb_pdf(
            "property_collection.action_report_dunning_dossier", self.ids
        )
        files = [
            ("01_statement_of_account.pdf", statement),
            ("02_dunning_dossier.pdf", dossier),
        ]
        letters = self.event_ids.attachment_id.sorted("id")
        files += [
            (f"03_demand_letter_{index}.pdf", letter.raw)
            for index, letter in enumerate(letters, start=1)
        ]
        proofs = self.event_ids.proof_ids.sorted("id")
        files += [
            (f"03_delivery_proof_{index}_{proof.name}", proof.raw)
            for index, proof in enumerate(proofs, start=1)
        ]
        return files

    def _property_contracts(self):
        return self.env["property.fee.contract"].search(
            [("partner_id", "=", self.partner_id.id)]
        )

    def _property_notices(self):
        """Messages sent to the payer about this case."""
        return self.message_ids.filtered(
            lambda message: (
                message.message_type in ("comment", "sms")
                and self.partner_id in message.partner_ids
            )
        ).sorted("date")

    def action_record_delivery(self, delivery_state, proofs, note=""):
        """Record how the last demand letter was delivered, with the proof
        (registered-mail receipt, photo of the notice on the door)."""
        self.ensure_one()
        letter = self.event_ids.filtered(lambda e: e.action == "demand_letter")[:1]
        if not letter:
            raise UserError(self.env._("No demand letter was sent in this case."))
        if not proofs:
            raise UserError(
                self.env._("Attach the proof of delivery, e.g. the postal receipt.")
            )
        proofs.write({"res_model": self._name, "res_id": self.id})
        letter.write({"delivery_state": delivery_state, "proof_ids": proofs.ids})
        self._log(
            "outcome",
            fields.Date.context_today(self),
            note,
            delivery_state=delivery_state,
        )

    def action_record_outcome(self, outcome, note=""):
        self._log("outcome", fields.Date.context_today(self), note, outcome=outcome)
