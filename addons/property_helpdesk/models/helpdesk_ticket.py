from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_datetime

from .property_helpdesk_sla import PROPERTY_KINDS, SLA_TARGETS

INTAKE_CHANNELS = [
    ("portal", "Resident Portal"),
    ("email", "Email"),
    ("phone", "Phone Call"),
    ("counter", "Counter Visit"),
    ("staff", "Staff Patrol"),
]

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

RATINGS = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]

REPEAT_DAYS = 30

REACHED_FIELDS = {
    "response": "property_responded_at",
    "arrival": "property_arrived_at",
    "resolution": None,
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"
    _check_company_auto = True

    priority = fields.Selection(
        selection_add=[("4", "Emergency")],
        ondelete={"4": "set default"},
        help="Emergency: water leak, a person trapped in a lift, a fire risk. "
        "Emergencies run on the 24/7 SLA.",
    )
    property_kind = fields.Selection(
        PROPERTY_KINDS,
        string="Kind",
        required=True,
        default="repair",
        tracking=True,
    )
    property_intake = fields.Selection(
        INTAKE_CHANNELS,
        string="Received By",
        required=True,
        default=lambda self: "portal" if self.env.user.share else "phone",
        help="How the resident reached the service desk. Staff log phone calls "
        "and counter visits on the resident's behalf.",
    )
    property_reported_at = fields.Datetime(
        string="Reported On",
        required=True,
        default=fields.Datetime.now,
        help="When the resident reported the issue; the SLA clock starts here.",
    )
    property_unit_id = fields.Many2one(
        "property.unit",
        string="Unit",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain="[('community_id', '=?', property_community_id)]",
        help="Leave empty for an issue in a public area.",
    )
    property_building_id = fields.Many2one(
        "property.building",
        string="Building",
        compute="_compute_property_building_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
        domain="[('community_id', '=?', property_community_id)]",
    )
    property_community_id = fields.Many2one(
        "property.community",
        string="Community",
        compute="_compute_property_community_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    property_partner_phone = fields.Char(
        related="partner_id.phone", string="Resident's Phone"
    )
    # Shown to the resident in the ticket list, also for a home they left.
    property_unit_code = fields.Char(related="property_unit_id.code")
    property_is_public_area = fields.Boolean(
        string="Public Area",
        compute="_compute_property_is_public_area",
        store=True,
    )
    property_repeat_of_id = fields.Many2one(
        "helpdesk.ticket",
        string="Repeat Of",
        compute="_compute_property_repeat_of_id",
        store=True,
        index="btree_not_null",
        help=f"An earlier ticket of the same unit and category, reported less "
        f"than {REPEAT_DAYS} days before this one.",
    )
    property_is_repeat = fields.Boolean(
        string="Repeat",
        compute="_compute_property_repeat_of_id",
        store=True,
    )
    # SLA
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
    # Work
    property_work_ids = fields.One2many(
        "property.helpdesk.work", "ticket_id", string="Work and Parts"
    )
    property_work_hours = fields.Float(
        string="Time Spent (h)",
        compute="_compute_property_work_hours",
        store=True,
        aggregator="sum",
    )
    # Closure and satisfaction
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

    @api.depends("property_unit_id")
    def _compute_property_building_id(self):
        for ticket in self:
            if ticket.property_unit_id:
                ticket.property_building_id = ticket.property_unit_id.building_id

    @api.depends("property_unit_id", "property_building_id", "team_id")
    def _compute_property_community_id(self):
        for ticket in self:
            ticket.property_community_id = (
                ticket.property_unit_id.community_id
                or ticket.property_building_id.community_id
                or ticket.property_community_id
                or ticket.team_id.property_community_id
            )

    @api.depends("property_unit_id", "property_community_id")
    def _compute_property_is_public_area(self):
        for ticket in self:
            ticket.property_is_public_area = bool(
                ticket.property_community_id and not ticket.property_unit_id
            )

    @api.depends("property_unit_id", "category_id", "property_reported_at")
    def _compute_property_repeat_of_id(self):
        candidates = self.filtered(
            lambda t: t.property_unit_id and t.category_id and t.property_reported_at
        )
        earlier = self.browse()
        if candidates:
            dates = candidates.mapped("property_reported_at")
            # The ORM checked the user may save these tickets. The flag is the
            # same whoever saves them: every earlier ticket of the same unit
            # counts, not only those the user may read; only the link is kept.
            earlier = self.sudo().search(
                [
                    ("property_unit_id", "in", candidates.property_unit_id.ids),
                    ("category_id", "in", candidates.category_id.ids),
                    (
                        "property_reported_at",
                        ">=",
                        min(dates) - timedelta(days=REPEAT_DAYS),
                    ),
                    ("property_reported_at", "<=", max(dates)),
                ],
                order="property_reported_at desc, id desc",
            )
        for ticket in self:
            previous = earlier.filtered(
                lambda t, ticket=ticket: (
                    t != ticket
                    and t.property_unit_id == ticket.property_unit_id
                    and t.category_id == ticket.category_id
                    and ticket.property_reported_at - timedelta(days=REPEAT_DAYS)
                    <= t.property_reported_at
                    <= ticket.property_reported_at
                    and (t.property_reported_at, t.id)
                    < (ticket.property_reported_at, ticket.id or 0)
                )
            )[:1]
            if ticket not in candidates:
                previous = self.browse()
            ticket.property_repeat_of_id = previous
            ticket.property_is_repeat = bool(previous)

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

    @api.depends("property_work_ids.hours")
    def _compute_property_work_hours(self):
        for ticket in self:
            ticket.property_work_hours = sum(ticket.property_work_ids.mapped("hours"))

    @api.depends("property_kind", "closed_date", "property_visit_ids")
    def _compute_property_visit_state(self):
        for ticket in self:
            if ticket.property_visit_ids:
                ticket.property_visit_state = "done"
            elif ticket.property_kind == "complaint" and ticket.closed_date:
                ticket.property_visit_state = "due"
            else:
                ticket.property_visit_state = "not_needed"

    @api.constrains("property_unit_id", "property_building_id", "property_community_id")
    def _check_property_location(self):
        for ticket in self:
            unit = ticket.property_unit_id
            building = ticket.property_building_id
            community = ticket.property_community_id
            if (unit or building) and not community:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: set the community of the unit or building.",
                        ticket=ticket.display_name,
                    )
                )
            if (unit and unit.community_id != community) or (
                building and building.community_id != community
            ):
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: the unit and the building must belong "
                        "to community %(community)s. Choose them again.",
                        ticket=ticket.display_name,
                        community=community.display_name,
                    )
                )
            if unit and building and unit.building_id != building:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: unit %(unit)s is not in building "
                        "%(building)s. Clear the building or choose the unit's.",
                        ticket=ticket.display_name,
                        unit=unit.code,
                        building=building.display_name,
                    )
                )

    @api.constrains("property_reported_at")
    def _check_property_reported_at(self):
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.property_reported_at > now + timedelta(minutes=5):
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: the report time %(date)s lies in the "
                        "future. Enter when the resident called or came.",
                        ticket=ticket.display_name,
                        date=ticket.property_reported_at,
                    )
                )

    @api.onchange("property_unit_id")
    def _onchange_property_unit_id(self):
        # A call about a flat with one occupant: that occupant is the resident.
        occupants = self.property_unit_id.current_occupancy_ids.partner_id
        if not self.partner_id and len(occupants) == 1:
            self.partner_id = occupants

    @api.model_create_multi
    def create(self, vals_list):
        Unit = self.env["property.unit"]
        for vals in vals_list:
            community = self.env["property.community"].browse(
                vals.get("property_community_id")
            )
            if vals.get("property_unit_id"):
                community = Unit.browse(vals["property_unit_id"]).community_id
            elif vals.get("property_building_id"):
                building = self.env["property.building"].browse(
                    vals["property_building_id"]
                )
                community = building.community_id
            if community and not vals.get("company_id"):
                vals["company_id"] = community.company_id.id
            if community and not vals.get("team_id"):
                team = self._property_find_team(
                    community,
                    self.env["helpdesk.ticket.category"].browse(
                        vals.get("category_id")
                    ),
                )
                if team:
                    vals["team_id"] = team.id
            team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
            if team.property_assign_method not in (False, "manual") and not vals.get(
                "user_id"
            ):
                # Without it helpdesk_mgmt would assign the ticket to whoever
                # types it in; the team's method decides instead.
                vals["user_id"] = False
            if self.env.context.get("fetchmail_cron_running") and not vals.get(
                "property_intake"
            ):
                vals["property_intake"] = "email"
        tickets = super().create(vals_list)
        tickets.filtered(lambda t: not t.user_id and t.team_id)._property_auto_assign()
        for ticket in tickets.filtered(lambda t: t.stage_id.property_sla_pause):
            ticket.property_sla_paused_since = ticket.property_reported_at
        for ticket in tickets.filtered(lambda t: t.stage_id.closed):
            if not ticket.closed_date:
                ticket.closed_date = fields.Datetime.now()
            ticket._property_reach(
                ("response", "arrival", "resolution"), ticket.closed_date
            )
        return tickets

    def write(self, vals):
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id"))
        before = {}
        if "stage_id" in vals:
            before = {ticket: ticket.stage_id for ticket in self}
        result = super().write(vals)
        if "stage_id" in vals:
            self._property_on_stage_change(before, stage)
        if vals.get("team_id") and "user_id" not in vals:
            self.filtered(lambda t: not t.user_id)._property_auto_assign()
        return result

    def _property_on_stage_change(self, before, stage):
        now = fields.Datetime.now()
        for ticket in self:
            old = before[ticket]
            if old == stage:
                continue
            if old.property_sla_pause and ticket.property_sla_paused_since:
                ticket._property_sla_resume(now)
            if stage.property_sla_pause and not ticket.property_sla_paused_since:
                ticket.property_sla_paused_since = now
            if stage.closed:
                ticket._property_reach(("response", "arrival", "resolution"), now)
            else:
                if old.closed:
                    ticket.write(
                        {"closed_date": False, "property_resolution_breached": False}
                    )
                if old.unattended and not stage.unattended:
                    ticket._property_reach(("response",), now)

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

    def _message_post_after_hook(self, message, msg_vals):
        # A public answer from staff is the first response to the resident.
        if (
            self.env.user._is_internal()
            and msg_vals.get("message_type") == "comment"
            and msg_vals.get("subtype_id")
            == self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        ):
            self.filtered(lambda t: not t.property_responded_at)._property_reach(
                ("response",), fields.Datetime.now()
            )
        return super()._message_post_after_hook(message, msg_vals)

    @api.model
    def message_new(self, msg, custom_values=None):
        custom_values = dict(custom_values or {}, property_intake="email")
        ticket = super().message_new(msg, custom_values=custom_values)
        # A resident who lives in one unit of the team's community: that unit.
        community = ticket.property_community_id
        if ticket.partner_id and community and not ticket.property_unit_id:
            # The mail gateway matched the sender to this partner; only their
            # own current units in the team's community are looked at.
            occupancies = ticket.partner_id.sudo().property_occupancy_ids
            units = occupancies.filtered(
                lambda o: o.is_current and o.community_id == community
            ).unit_id
            if len(units) == 1:
                ticket.property_unit_id = units
        return ticket

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
