from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.property_base.models.res_partner import CONTACT_CHANNELS

from .property_dunning_policy import DUNNING_ACTIONS


class PropertyDunningEvent(models.Model):
    _name = "property.dunning.event"
    _description = "Dunning Step"
    _order = "date desc, id desc"

    case_id = fields.Many2one(
        "property.dunning.case", required=True, ondelete="cascade", index=True
    )
    run_id = fields.Many2one("property.dunning.run", index="btree_not_null")
    date = fields.Date(required=True)
    kind = fields.Selection(
        [
            ("level", "Level Reached"),
            ("skip", "Skipped"),
            ("promise", "Promise to Pay"),
            ("promise_kept", "Promise Kept"),
            ("promise_broken", "Promise Broken"),
            ("hold", "Hold"),
            ("hold_end", "Hold Ended"),
            ("outcome", "Outcome"),
            ("closed", "Paid and Closed"),
        ],
        required=True,
    )
    level_id = fields.Many2one("property.dunning.level")
    action = fields.Selection(DUNNING_ACTIONS)
    outcome = fields.Selection(
        [
            ("paid", "Paid"),
            ("promised", "Promised to Pay"),
            ("hardship", "Hardship: Installments Offered"),
            ("dispute", "Disputes the Service"),
            ("refused", "Refused"),
            ("absent", "Nobody at Home"),
        ]
    )
    channel = fields.Selection(
        CONTACT_CHANNELS,
        help="How a message reached the payer; paper and phone notices are "
        "delivered by staff from the list of notices to deliver.",
    )
    notification_id = fields.Many2one(
        "property.notification", string="Message", index="btree_not_null"
    )
    partner_id = fields.Many2one(related="case_id.partner_id", string="Payer")
    unit_id = fields.Many2one(
        "property.unit", compute="_compute_unit_id", compute_sudo=True
    )
    notice_html = fields.Html(
        string="Notice", compute="_compute_notice_html", sanitize=False
    )
    delivery_state = fields.Selection(
        [
            ("pending", "To Deliver"),
            ("delivered", "Delivered"),
            ("returned", "Returned"),
            ("withdrawn", "Withdrawn"),
        ]
    )
    attachment_id = fields.Many2one("ir.attachment", string="Document")
    proof_ids = fields.Many2many("ir.attachment", string="Delivery Proof")
    amount_due = fields.Float(string="Overdue", digits=0)  # as on the case
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id"
    )  # not related, as on the case
    note = fields.Text()
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)

    @api.depends("case_id.company_id.currency_id")
    def _compute_currency_id(self):
        for case, events in self.grouped("case_id").items():
            events.currency_id = case.company_id.currency_id

    @api.depends("case_id")
    def _compute_unit_id(self):
        """Where to deliver the notice: the unit of the payer's oldest overdue
        bill. One search for all the events shown."""
        today = fields.Date.context_today(self)
        bills = self.env["account.move"].search(
            [
                ("partner_id", "in", self.case_id.partner_id.ids),
                ("company_id", "in", self.case_id.company_id.ids),
                ("property_unit_id", "!=", False),
                *self.env["property.dunning.run"]._overdue_domain(today),
            ],
            order="invoice_date_due desc, id desc",
        )
        oldest = {bill.partner_id.id: bill.property_unit_id for bill in bills}
        for event in self:
            event.unit_id = oldest.get(event.case_id.partner_id.id, False)

    @api.depends("case_id", "level_id")
    def _compute_notice_html(self):
        """The level's message to the payer, as printed on a paper notice."""
        self.notice_html = False
        for level, events in self.grouped("level_id").items():
            if not level.template_id:
                continue
            cases = events.case_id
            bodies = level.template_id._render_field(
                "body_html", cases.ids, compute_lang=True
            )
            for event in events:
                event.notice_html = bodies[event.case_id.id]

    def action_mark_delivered(self):
        """Paper, phone and WeChat notices handed over by staff. Demand letters
        need the proof of delivery: record it on the case."""
        if self.filtered(lambda event: event.action != "message"):
            raise UserError(
                self.env._(
                    "Only payment notices can be marked delivered here; record a "
                    "demand letter's delivery with its proof on the case."
                )
            )
        self.check_access("read")
        pending = self.filtered(lambda event: event.delivery_state == "pending")
        # sudo: the user may read these steps (checked above); steps are
        # history staff do not edit, only their delivery is recorded.
        pending.sudo().write({"delivery_state": "delivered"})
        pending.notification_id.filtered(
            lambda notification: notification.state == "to_deliver"
        )._write_state({"state": "delivered"})
