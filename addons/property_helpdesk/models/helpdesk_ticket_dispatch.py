# The ticket's suite fields and logic are split by concern (location and
# intake in helpdesk_ticket.py, SLA, dispatch, closure), each a file a reader
# finds in one hop, rather than one file of a thousand lines.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    """Dispatch to the community's team and the technician's work on site."""

    _inherit = "helpdesk.ticket"

    property_work_ids = fields.One2many(
        "property.helpdesk.work", "ticket_id", string="Work and Parts"
    )

    property_work_hours = fields.Float(
        string="Time Spent (h)",
        compute="_compute_property_work_hours",
        store=True,
        aggregator="sum",
    )

    @api.depends("property_work_ids.hours")
    def _compute_property_work_hours(self):
        for ticket in self:
            ticket.property_work_hours = sum(ticket.property_work_ids.mapped("hours"))

    @api.model
    def _property_find_team(self, community, category):
        """The community's team for this specialty, else its general team."""
        teams = self.env["helpdesk.ticket.team"].search(
            [("property_community_id", "=", community.id)]
        )
        return (
            teams.filtered(lambda t: category and category in t.category_ids)[:1]
            or teams.filtered(lambda t: not t.category_ids)[:1]
        )

    def _property_auto_assign(self):
        for team, tickets in self.grouped("team_id").items():
            users = team._property_pick_users(len(tickets))
            for ticket, user in zip(tickets, users, strict=False):
                ticket.user_id = user

    def action_property_arrive(self):
        """The technician is on site."""
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.closed_date:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is closed: reopen it before recording "
                        "an arrival on site.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.property_arrived_at:
                continue
            ticket._property_reach(("response", "arrival"), now)
            ticket.message_post(
                body=self.env._("%(user)s arrived on site.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
