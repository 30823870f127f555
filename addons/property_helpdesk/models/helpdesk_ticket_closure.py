# The ticket's suite fields and logic are split by concern (location and
# intake in helpdesk_ticket.py, SLA, dispatch, closure), each a file a reader
# finds in one hop, rather than one file of a thousand lines.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import UserError

RATINGS = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]


class HelpdeskTicket(models.Model):
    """Closure: the resident's confirmation and rating, reopening, return
    visits for complaints."""

    _inherit = "helpdesk.ticket"

    property_rating = fields.Selection(
        RATINGS, string="Rating", readonly=True, copy=False, tracking=True
    )

    property_rating_comment = fields.Text(
        string="Resident's Comment", readonly=True, copy=False
    )

    property_confirmed_at = fields.Datetime(
        string="Confirmed by Resident", readonly=True, copy=False
    )

    property_reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False)

    property_visit_ids = fields.One2many(
        "property.helpdesk.visit", "ticket_id", string="Return Visits"
    )

    property_visit_state = fields.Selection(
        [
            ("not_needed", "Not Needed"),
            ("due", "Due"),
            ("done", "Done"),
        ],
        string="Return Visit",
        compute="_compute_property_visit_state",
        store=True,
        help="Complaints get a return visit (回访) by staff once resolved.",
    )

    @api.depends("property_kind", "closed_date", "property_visit_ids")
    def _compute_property_visit_state(self):
        for ticket in self:
            if ticket.property_visit_ids:
                ticket.property_visit_state = "done"
            elif ticket.property_kind == "complaint" and ticket.closed_date:
                ticket.property_visit_state = "due"
            else:
                ticket.property_visit_state = "not_needed"

    def action_property_confirm(self, rating, comment=""):
        """The resident confirms the resolution and rates it (1 to 5)."""
        rating = str(rating or "")
        if rating not in dict(RATINGS):
            raise UserError(
                self.env._(
                    "Rate the service from 1 (very dissatisfied) to 5 (very satisfied)."
                )
            )
        for ticket in self:
            ticket._property_check_closed_for_resident()
            ticket.write(
                {
                    "property_rating": rating,
                    "property_rating_comment": comment or False,
                    "property_confirmed_at": fields.Datetime.now(),
                }
            )
            ticket.message_post(
                body=self.env._(
                    "The resident confirmed the resolution and rated it "
                    "%(rating)s/5. %(comment)s",
                    rating=rating,
                    comment=comment or "",
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_property_reopen(self, reason):
        """The resident is not satisfied: the ticket goes back to work."""
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Tell us what is still wrong so that we can reopen the ticket."
                )
            )
        for ticket in self:
            ticket._property_check_closed_for_resident()
            stages = ticket.team_id._get_applicable_stages().filtered(
                lambda s: not s.closed
            )
            stage = stages.filtered(lambda s: not s.unattended)[:1] or stages[:1]
            if not stage:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s has no open stage to go back to. "
                        "Ask the service desk.",
                        ticket=ticket.display_name,
                    )
                )
            ticket.write(
                {
                    "stage_id": stage.id,
                    "property_rating": False,
                    "property_rating_comment": False,
                    "property_confirmed_at": False,
                    "property_reopen_count": ticket.property_reopen_count + 1,
                    "property_sla_alert_target": False,
                }
            )
            ticket.message_post(
                body=self.env._("Reopened by the resident: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_comment",
            )

    def _property_is_resident(self, user):
        """Whether ``user`` is the resident who reported the ticket."""
        self.ensure_one()
        # The caller checked the user may read the ticket; a follower may not
        # read the resident's contact, only the commercial partners are compared.
        partner = self.sudo().partner_id
        return bool(partner) and (
            partner.commercial_partner_id == user.partner_id.commercial_partner_id
        )

    def _property_check_closed_for_resident(self):
        self.ensure_one()
        if not self.closed_date:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is not resolved yet: you can confirm or "
                    "reopen it once the service desk has closed it.",
                    ticket=self.display_name,
                )
            )
        if self.property_confirmed_at:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is already confirmed. Open a new ticket "
                    "if the problem came back.",
                    ticket=self.display_name,
                )
            )
