from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.helpdesk_ticket_closure import RATINGS
from ..models.property_helpdesk_sla import PRIORITIES, PROPERTY_KINDS


class PropertyHelpdeskReport(models.Model):
    """One line per ticket with its service figures. Figures a ticket does not
    have yet (no response, not resolved, not rated) are empty, so averages
    count only the tickets that have them."""

    _name = "property.helpdesk.report"
    _description = "Service Desk Analysis"
    _auto = False
    _order = "reported_at desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Technician", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    property_community_id = fields.Many2one(
        "property.community", string="Community", readonly=True
    )
    property_unit_id = fields.Many2one("property.unit", string="Unit", readonly=True)
    property_kind = fields.Selection(PROPERTY_KINDS, string="Kind", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    property_sla_id = fields.Many2one(
        "property.helpdesk.sla", string="SLA Policy", readonly=True
    )
    reported_at = fields.Datetime(string="Reported On", readonly=True)
    closed_date = fields.Datetime(string="Resolved On", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    repeat_count = fields.Integer(string="Repeats", readonly=True)
    response_hours = fields.Float(
        string="Response Time (h)", aggregator="avg", readonly=True
    )
    resolution_hours = fields.Float(
        string="Resolution Time (h)", aggregator="avg", readonly=True
    )
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        aggregator="avg",
        readonly=True,
        help="Share of resolved tickets with an SLA policy that met every target.",
    )
    rating = fields.Float(string="Average Rating", aggregator="avg", readonly=True)
    rating_label = fields.Selection(RATINGS, string="Rating Given", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT
                t.id AS id,
                t.id AS ticket_id,
                t.company_id,
                t.team_id,
                t.user_id,
                t.category_id,
                t.property_community_id,
                t.property_unit_id,
                t.property_kind,
                t.priority,
                t.property_sla_id,
                t.property_reported_at AS reported_at,
                t.closed_date,
                1 AS ticket_count,
                CASE WHEN t.property_kind = 'complaint' THEN 1 ELSE 0 END
                    AS complaint_count,
                CASE WHEN t.property_is_repeat THEN 1 ELSE 0 END AS repeat_count,
                CASE WHEN t.property_responded_at IS NOT NULL
                    THEN t.property_response_hours END AS response_hours,
                CASE WHEN t.closed_date IS NOT NULL
                    THEN t.property_resolution_hours END AS resolution_hours,
                CASE WHEN t.closed_date IS NOT NULL AND t.property_sla_id IS NOT NULL
                    THEN CASE WHEN t.property_sla_met THEN 100.0 ELSE 0.0 END
                END AS sla_compliance,
                t.property_rating::float AS rating,
                t.property_rating AS rating_label
            FROM helpdesk_ticket t
            WHERE t.active
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
