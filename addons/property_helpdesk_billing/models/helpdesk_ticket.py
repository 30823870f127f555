from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DISPUTE_HOLD_DAYS = 30


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    property_charge_ids = fields.One2many(
        "property.billing.charge", "ticket_id", string="Charges to the Resident"
    )
    property_fee_dispute = fields.Boolean(
        string="Objects to the Fees",
        tracking=True,
        help="The resident refuses or delays paying because of this complaint: "
        "reminders and dunning pause while it is open, until the hold date at "
        "the latest. The fees remain due.",
    )
    property_dispute_until = fields.Date(
        string="Dunning Paused Until",
        tracking=True,
        help="Last day of the pause; by default 30 days after the objection.",
    )

    @api.constrains("property_fee_dispute", "property_kind", "partner_id")
    def _check_property_fee_dispute(self):
        for ticket in self.filtered("property_fee_dispute"):
            if ticket.property_kind != "complaint" or not ticket.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s: only a resident's complaint can object to the "
                        "fees.",
                        ticket=ticket.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets.filtered("property_fee_dispute")._property_hold_dunning()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if "property_fee_dispute" in vals or "property_dispute_until" in vals:
            self.filtered(
                lambda t: t.property_fee_dispute and not t.closed
            )._property_hold_dunning()
        if "property_fee_dispute" in vals or "stage_id" in vals:
            self.filtered(
                lambda t: t.closed or not t.property_fee_dispute
            )._property_release_dunning()
        return result

    def _property_dispute_cases(self, create=False):
        Case = self.env["property.dunning.case"].sudo()
        cases = Case.browse()
        for ticket in self:
            case = Case.search(
                [
                    ("partner_id", "=", ticket.partner_id.id),
                    ("company_id", "=", ticket.company_id.id),
                    ("state", "!=", "closed"),
                ],
                limit=1,
            )
            if not case and create:
                case = Case.create(
                    {
                        "partner_id": ticket.partner_id.id,
                        "company_id": ticket.company_id.id,
                        "community_id": ticket.property_community_id.id,
                    }
                )
            cases |= case
        return cases

    def _property_hold_dunning(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            if not ticket.property_dispute_until:
                ticket.property_dispute_until = today + timedelta(
                    days=DISPUTE_HOLD_DAYS
                )
            case = ticket._property_dispute_cases(create=True)
            case.action_hold(
                "dispute",
                self.env._(
                    "Complaint %(ticket)s objects to the fees: %(title)s",
                    ticket=ticket.number or ticket.id,
                    title=ticket.name,
                ),
                ticket.property_dispute_until,
            )
            case.dispute_ticket_id = ticket

    def _property_release_dunning(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            reference = str(ticket.number or ticket.id)
            for case in ticket._property_dispute_cases():
                if case.hold_type == "dispute" and reference in (
                    case.hold_reason or ""
                ):
                    case._log("hold_end", today, case.hold_reason)
                    case.write(
                        {"hold_type": False, "hold_reason": False, "hold_until": False}
                    )

    def action_property_charge(self):
        """Open a one-off charge for this repair, billed with the unit's next
        bill."""
        self.ensure_one()
        if not self.property_unit_id:
            raise UserError(
                self.env._("Only a repair inside a unit can be charged to its payer.")
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.billing.charge",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_unit_id": self.property_unit_id.id,
                "default_name": self.name,
                "default_origin": self.number,
            },
        }
