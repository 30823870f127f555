from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DISPUTE_HOLD_DAYS = 30


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    property_fee_dispute = fields.Boolean(
        string="Objects to the Fees",
        tracking=True,
        help="The resident refuses or delays paying because of this complaint: "
        "reminders and dunning pause while it is open, until the hold date at "
        "the latest. The fees remain due.",
    )
    property_dispute_until = fields.Date(
        string="Dunning Paused Until",
        compute="_compute_property_dispute_until",
        store=True,
        readonly=False,
        tracking=True,
        help="Last day of the pause; by default 30 days after the objection.",
    )

    @api.depends("property_fee_dispute")
    def _compute_property_dispute_until(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            if ticket.property_fee_dispute and not ticket.property_dispute_until:
                ticket.property_dispute_until = today + timedelta(
                    days=DISPUTE_HOLD_DAYS
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
        disputes = tickets.filtered("property_fee_dispute")
        disputes._property_check_fee_dispute()
        disputes._property_hold_dunning()
        return tickets

    def write(self, vals):
        # An objection follows its payer and unit: moved, it is checked again.
        moved = self.filtered(
            lambda t: (
                t.property_fee_dispute
                and any(
                    name in vals and t[name].id != vals[name]
                    for name in ("partner_id", "property_unit_id")
                )
            )
        )
        moved._property_release_dunning()
        result = super().write(vals)
        if "property_fee_dispute" in vals or "property_dispute_until" in vals or moved:
            to_hold = self.filtered(lambda t: t.property_fee_dispute and not t.closed)
            to_hold._property_check_fee_dispute()
            to_hold._property_hold_dunning()
        if "property_fee_dispute" in vals or "stage_id" in vals:
            self.filtered(
                lambda t: t.closed or not t.property_fee_dispute
            )._property_release_dunning()
        return result

    def _property_check_fee_dispute(self):
        """A fee objection pauses the dunning of the ticket's resident: only for
        an occupant of the ticket's unit, by a user who works on the unit's
        community (server code, e.g. the portal, checks its own users)."""
        communities = None
        if not self.env.su:
            communities = self.env.user._property_work_communities()
        for ticket in self:
            unit = ticket.property_unit_id
            if not unit:
                raise UserError(
                    self.env._(
                        "%(ticket)s: choose the unit whose fees the resident "
                        "objects to. The objection pauses the dunning of an "
                        "occupant of that unit.",
                        ticket=ticket.display_name,
                    )
                )
            if communities is not None and unit.community_id not in communities:
                raise UserError(
                    self.env._(
                        "%(ticket)s: unit %(unit)s is not in a community you work "
                        "on. Only the staff of its community can register a fee "
                        "objection for it.",
                        ticket=ticket.display_name,
                        unit=unit.display_name,
                    )
                )
            # The unit's community is the user's (checked above); the occupants
            # are only compared with the ticket's resident.
            occupants = unit.sudo().occupancy_ids.partner_id
            if ticket.partner_id not in occupants:
                raise UserError(
                    self.env._(
                        "%(ticket)s: %(partner)s does not occupy unit %(unit)s. A "
                        "fee objection pauses the dunning of an occupant or payer "
                        "of the ticket's unit: choose the right resident or unit.",
                        ticket=ticket.display_name,
                        partner=ticket.partner_id.display_name,
                        unit=unit.display_name,
                    )
                )

    def _property_dispute_cases(self, create=False):
        # Holds follow _property_check_fee_dispute (the user works on the unit's
        # community and the payer occupies the unit); releases end only the
        # holds of tickets the user may save. Staff need not see dunning cases.
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
                        "community_id": ticket.property_unit_id.community_id.id,
                    }
                )
            cases |= case
        return cases

    def _property_hold_dunning(self):
        for ticket in self:
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
            ticket._property_log_on_payer(
                self.env._(
                    "%(user)s paused the dunning of %(partner)s until %(date)s: "
                    "complaint %(ticket)s objects to the fees.",
                    user=self.env.user.name,
                    partner=ticket.partner_id.display_name,
                    date=ticket.property_dispute_until,
                    ticket=ticket.number or ticket.id,
                )
            )

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
                    ticket._property_log_on_payer(
                        self.env._(
                            "%(user)s ended the pause of the dunning of "
                            "%(partner)s for complaint %(ticket)s.",
                            user=self.env.user.name,
                            partner=ticket.partner_id.display_name,
                            ticket=ticket.number or ticket.id,
                        )
                    )

    def _property_log_on_payer(self, body):
        self.ensure_one()
        # Logged after the hold or release above was allowed; staff may not
        # edit the payer's contact card.
        self.partner_id.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
