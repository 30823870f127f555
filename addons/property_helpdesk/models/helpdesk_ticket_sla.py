# The ticket's suite fields and logic are split by concern (location and
# intake in helpdesk_ticket.py, SLA, dispatch, closure), each a file a reader
# finds in one hop, rather than one file of a thousand lines.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import format_datetime

from .property_helpdesk_sla import SLA_TARGETS

SLA_STATUSES = [
    ("none", "No SLA"),
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("missed", "Missed"),
]

ALERT_LEVELS = [
    ("none", "None"),
    ("warned", "Team Leader Alerted"),
    ("breached", "Manager Alerted"),
]

REACHED_FIELDS = {
    "response": "property_responded_at",
    "arrival": "property_arrived_at",
    "resolution": None,
}


class HelpdeskTicket(models.Model):
    """SLA deadlines on working calendars: response, arrival and resolution,
    pauses, status, alerts to the team leader and the manager, KPI hours."""

    _inherit = "helpdesk.ticket"

    property_sla_id = fields.Many2one(
        "property.helpdesk.sla",
        string="SLA Policy",
        compute="_compute_property_sla_id",
        store=True,
        readonly=False,
        tracking=True,
    )

    property_sla_paused_since = fields.Datetime(
        string="SLA Paused Since", readonly=True, copy=False
    )

    property_sla_paused_hours = fields.Float(
        string="SLA Paused (working h)",
        readonly=True,
        copy=False,
        digits=(16, 2),
        help="Working hours the ticket waited on the resident; the deadlines "
        "move by as much.",
    )

    property_response_deadline = fields.Datetime(
        string="First Response Due",
        compute="_compute_property_deadlines",
        store=True,
    )

    property_arrival_deadline = fields.Datetime(
        string="Arrival Due",
        compute="_compute_property_deadlines",
        store=True,
    )

    property_resolution_deadline = fields.Datetime(
        string="Resolution Due",
        compute="_compute_property_deadlines",
        store=True,
    )

    property_responded_at = fields.Datetime(
        string="First Response", readonly=True, copy=False
    )

    property_arrived_at = fields.Datetime(
        string="Arrived on Site", readonly=True, copy=False
    )

    property_response_breached = fields.Boolean(
        string="First Response Late", readonly=True, copy=False
    )

    property_arrival_breached = fields.Boolean(
        string="Arrival Late", readonly=True, copy=False
    )

    property_resolution_breached = fields.Boolean(
        string="Resolution Late", readonly=True, copy=False
    )

    property_sla_target = fields.Selection(
        SLA_TARGETS,
        string="Next SLA Target",
        compute="_compute_property_sla_target",
        store=True,
    )

    property_sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_property_sla_target",
        store=True,
        help="Deadline of the next target not reached yet.",
    )

    property_sla_warn_at = fields.Datetime(
        string="SLA Alert Time",
        compute="_compute_property_sla_target",
        store=True,
        help="When the next target becomes at risk and the team leader is alerted.",
    )

    property_sla_alert_level = fields.Selection(
        ALERT_LEVELS,
        string="SLA Alert Sent",
        compute="_compute_property_sla_alert_level",
        store=True,
        readonly=False,
        copy=False,
        help="Alerts already sent for the next target, so that each goes once.",
    )

    property_sla_alert_target = fields.Selection(
        SLA_TARGETS, string="SLA Alert Target", readonly=True, copy=False
    )

    property_sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        compute="_compute_property_sla_status",
        search="_search_property_sla_status",
    )

    property_sla_remaining = fields.Float(
        string="SLA Time Left (h)",
        compute="_compute_property_sla_status",
        help="Hours until the next deadline; negative once it has passed.",
    )

    property_sla_met = fields.Boolean(
        string="SLA Met",
        compute="_compute_property_sla_met",
        store=True,
        help="Resolved with every target of its policy on time.",
    )

    property_response_hours = fields.Float(
        string="Response Time (h)",
        compute="_compute_property_kpi_hours",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )

    property_resolution_hours = fields.Float(
        string="Resolution Time (h)",
        compute="_compute_property_kpi_hours",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )

    @api.depends(
        "property_kind",
        "category_id",
        "priority",
        "company_id",
        "property_community_id",
    )
    def _compute_property_sla_id(self):
        policies = self.env["property.helpdesk.sla"].search(
            [("company_id", "in", [False, *self.company_id.ids])]
        )
        for ticket in self:
            ticket.property_sla_id = next(
                (sla for sla in policies if sla._matches(ticket)),
                self.env["property.helpdesk.sla"],
            )

    @api.depends(
        "property_sla_id.calendar_id",
        "property_sla_id.response_hours",
        "property_sla_id.arrival_hours",
        "property_sla_id.resolution_hours",
        "property_reported_at",
        "property_sla_paused_hours",
    )
    def _compute_property_deadlines(self):
        for ticket in self:
            sla = ticket.property_sla_id
            for target, _label in SLA_TARGETS:
                hours = sla and sla._target_hours(target)
                ticket[f"property_{target}_deadline"] = (
                    sla._plan(
                        ticket.property_reported_at,
                        hours + ticket.property_sla_paused_hours,
                    )
                    if hours and ticket.property_reported_at
                    else False
                )

    @api.depends(
        "property_sla_id.alert_percent",
        "property_response_deadline",
        "property_arrival_deadline",
        "property_resolution_deadline",
        "property_responded_at",
        "property_arrived_at",
        "closed_date",
    )
    def _compute_property_sla_target(self):
        for ticket in self:
            target = ticket._property_next_target()
            ticket.property_sla_target = target
            ticket.property_sla_deadline = (
                target and ticket[f"property_{target}_deadline"]
            )
            ticket.property_sla_warn_at = False
            if target:
                sla = ticket.property_sla_id
                ticket.property_sla_warn_at = sla._plan(
                    ticket.property_reported_at,
                    sla._target_hours(target) * sla.alert_percent / 100
                    + ticket.property_sla_paused_hours,
                )

    @api.depends("property_sla_target")
    def _compute_property_sla_alert_level(self):
        # Alerts already sent stand while the next target stays the same,
        # even when a pause moves its deadline.
        for ticket in self:
            if (
                ticket.property_sla_alert_target != ticket.property_sla_target
                or not ticket.property_sla_alert_level
            ):
                ticket.property_sla_alert_level = "none"

    @api.depends(
        "property_sla_target",
        "property_sla_deadline",
        "property_sla_warn_at",
        "property_sla_paused_since",
        "property_response_breached",
        "property_arrival_breached",
        "property_resolution_breached",
    )
    def _compute_property_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.property_sla_remaining = 0.0
            if not ticket.property_sla_id:
                ticket.property_sla_status = "none"
                continue
            if not ticket.property_sla_target:
                ticket.property_sla_status = (
                    "missed" if ticket._property_any_breach() else "met"
                )
                continue
            moment = ticket.property_sla_paused_since or now
            ticket.property_sla_remaining = (
                ticket.property_sla_deadline - moment
            ).total_seconds() / 3600
            if ticket.property_sla_paused_since:
                ticket.property_sla_status = "paused"
            elif ticket.property_sla_deadline < now:
                ticket.property_sla_status = "breached"
            elif ticket.property_sla_warn_at and ticket.property_sla_warn_at <= now:
                ticket.property_sla_status = "at_risk"
            else:
                ticket.property_sla_status = "on_track"

    def _search_property_sla_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Operation not supported"))
        values = [value] if isinstance(value, str) else list(value)
        now = fields.Datetime.now()
        running = [
            ("property_sla_target", "!=", False),
            ("property_sla_paused_since", "=", False),
        ]
        breach = [
            "|",
            "|",
            ("property_response_breached", "=", True),
            ("property_arrival_breached", "=", True),
            ("property_resolution_breached", "=", True),
        ]
        done = [("property_sla_id", "!=", False), ("property_sla_target", "=", False)]
        domains = {
            "none": [("property_sla_id", "=", False)],
            "paused": [
                ("property_sla_target", "!=", False),
                ("property_sla_paused_since", "!=", False),
            ],
            "breached": [*running, ("property_sla_deadline", "<", now)],
            "at_risk": [
                *running,
                ("property_sla_deadline", ">=", now),
                ("property_sla_warn_at", "<=", now),
            ],
            "on_track": [
                *running,
                ("property_sla_deadline", ">=", now),
                "|",
                ("property_sla_warn_at", "=", False),
                ("property_sla_warn_at", ">", now),
            ],
            "met": [*done, "!", *breach],
            "missed": [*done, *breach],
        }
        unknown = set(values) - set(domains)
        if unknown:
            raise UserError(
                self.env._("Unknown SLA status: %(values)s", values=sorted(unknown))
            )
        domain = expression.OR(
            [expression.normalize_domain(domains[status]) for status in values]
        )
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain

    @api.depends(
        "property_sla_target",
        "closed_date",
        "property_response_breached",
        "property_arrival_breached",
        "property_resolution_breached",
    )
    def _compute_property_sla_met(self):
        for ticket in self:
            ticket.property_sla_met = bool(
                ticket.property_sla_id
                and ticket.closed_date
                and not ticket.property_sla_target
                and not ticket._property_any_breach()
            )

    @api.depends("property_reported_at", "property_responded_at", "closed_date")
    def _compute_property_kpi_hours(self):
        for ticket in self:
            start = ticket.property_reported_at
            ticket.property_response_hours = (
                (ticket.property_responded_at - start).total_seconds() / 3600
                if start and ticket.property_responded_at
                else 0.0
            )
            ticket.property_resolution_hours = (
                (ticket.closed_date - start).total_seconds() / 3600
                if start and ticket.closed_date
                else 0.0
            )

    def _property_sla_resume(self, now):
        self.ensure_one()
        paused = (
            self.property_sla_id._working_hours(self.property_sla_paused_since, now)
            if self.property_sla_id
            else 0.0
        )
        self.write(
            {
                "property_sla_paused_since": False,
                "property_sla_paused_hours": self.property_sla_paused_hours + paused,
            }
        )

    def _property_reach(self, targets, when):
        """Record that the tickets reached these SLA targets at ``when`` and
        whether they were late, once per target. A ticket closed without a
        recorded arrival on site keeps no arrival time, but is late if it was
        closed after the arrival deadline."""
        for ticket in self:
            vals = {}
            for target in targets:
                reached_field = REACHED_FIELDS[target]
                if reached_field and ticket[reached_field]:
                    continue
                if reached_field and (target != "arrival" or not ticket.closed_date):
                    vals[reached_field] = when
                deadline = ticket[f"property_{target}_deadline"]
                vals[f"property_{target}_breached"] = bool(deadline and when > deadline)
            if vals:
                ticket.write(vals)

    def _property_any_breach(self):
        self.ensure_one()
        return (
            self.property_response_breached
            or self.property_arrival_breached
            or self.property_resolution_breached
        )

    def _property_next_target(self):
        self.ensure_one()
        if not self.property_sla_id or self.closed_date:
            return False
        if not self.property_responded_at and self.property_response_deadline:
            return "response"
        if not self.property_arrived_at and self.property_arrival_deadline:
            return "arrival"
        if self.property_resolution_deadline:
            return "resolution"
        return False

    @api.model
    def _cron_property_sla_alerts(self, batch_size=200):
        """Alert the team leader when a target is at risk and the manager when
        it is breached, once each; ``batch_size`` tickets per run."""
        now = fields.Datetime.now()
        running = [
            ("property_sla_target", "!=", False),
            ("property_sla_paused_since", "=", False),
            ("property_sla_warn_at", "<=", now),
            ("property_sla_alert_level", "!=", "breached"),
        ]
        due = self.search(
            [
                *running,
                "|",
                ("property_sla_deadline", "<=", now),
                ("property_sla_alert_level", "=", "none"),
            ],
            order="property_sla_deadline, id",
        )
        batch = due[:batch_size]
        for ticket in batch:
            ticket._property_send_sla_alert(now)
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(due) - len(batch)
        )

    def _property_send_sla_alert(self, now):
        self.ensure_one()
        target = dict(
            self._fields["property_sla_target"]._description_selection(self.env)
        )[self.property_sla_target]
        # In the time zone of the policy's working hours, where the team works.
        deadline = format_datetime(
            self.env,
            self.property_sla_deadline,
            tz=self.property_sla_id.calendar_id.tz,
            dt_format="short",
        )
        if self.property_sla_deadline <= now:
            level = "breached"
            recipient = self.property_community_id.manager_id or self.team_id.user_id
            body = self.env._(
                "SLA breached: %(target)s was due on %(deadline)s.",
                target=target,
                deadline=deadline,
            )
        else:
            level = "warned"
            recipient = self.team_id.user_id or self.property_community_id.manager_id
            body = self.env._(
                "SLA at risk: %(target)s is due on %(deadline)s.",
                target=target,
                deadline=deadline,
            )
        self.write(
            {
                "property_sla_alert_level": level,
                "property_sla_alert_target": self.property_sla_target,
            }
        )
        self.message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
            partner_ids=recipient.partner_id.ids,
        )
