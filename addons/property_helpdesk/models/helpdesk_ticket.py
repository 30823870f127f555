import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .property_helpdesk_sla import PROPERTY_KINDS

INTAKE_CHANNELS = [
    ("portal", "Resident Portal"),
    ("email", "Email"),
    ("phone", "Phone Call"),
    ("counter", "Counter Visit"),
    ("staff", "Staff Patrol"),
]

REPEAT_DAYS = 30
# Digits a caller's number must have before the residents are searched.
PHONE_MIN_DIGITS = 4


class HelpdeskTicket(models.Model):
    """Where the problem is and how it was reported: a unit, or a public area
    of a building or of the community; intake channel, repeat detection."""

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

    property_caller_phone = fields.Char(
        string="Caller's Number",
        copy=False,
        help="The number the resident calls from: type it, or its last digits, "
        "and the resident and their home are filled in.",
    )

    property_partner_unit_ids = fields.Many2many(
        "property.unit",
        string="Resident's Homes",
        compute="_compute_property_partner_unit_ids",
        groups="property_base.group_property_user",
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

    @api.depends("partner_id")
    def _compute_property_partner_unit_ids(self):
        for ticket in self:
            ticket.property_partner_unit_ids = ticket.partner_id.property_unit_ids

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

    @api.depends("number", "name")
    def _compute_display_name(self):
        # helpdesk_mgmt shows "/ - False" for a ticket not saved yet.
        for ticket in self:
            number = ticket.number if ticket.number not in (False, "/") else ""
            ticket.display_name = " - ".join(
                part for part in (number, ticket.name) if part
            )

    @api.onchange("property_caller_phone")
    def _onchange_property_caller_phone(self):
        """The resident calling from this number, and their home if they have
        one: the desk types the number (or its last digits) it sees."""
        residents = self._property_find_callers(self.property_caller_phone)
        if len(residents) > 1:
            return {
                "warning": {
                    "title": self.env._("Several residents"),
                    "message": self.env._(
                        "%(count)s residents have a number containing %(phone)s: "
                        "%(names)s. Type more digits or choose the resident.",
                        count=len(residents),
                        phone=self.property_caller_phone,
                        names=", ".join(residents[:5].mapped("display_name")),
                    ),
                }
            }
        if not residents:
            return
        self.partner_id = residents
        if not self.env.user.has_group("property_base.group_property_user"):
            return
        units = residents.property_unit_ids
        if len(units) == 1:
            self.property_unit_id = units
        elif units and self.property_unit_id not in units:
            # Several homes: the desk asks which one (listed under the
            # resident) rather than keeping another resident's.
            self.property_unit_id = False

    @api.model
    def _property_find_callers(self, phone):
        """The residents (partners with a current home) whose phone or mobile
        contains the digits of ``phone``, whatever the spaces, dashes or the
        +86 prefix; everyone matching if nobody of them has a home."""
        digits = re.sub(r"\D", "", phone or "")
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if len(digits) < PHONE_MIN_DIGITS:
            return self.env["res.partner"]
        partners = self.env["res.partner"].search(
            [("phone_mobile_search", "ilike", digits)], limit=50
        )
        if not self.env.user.has_group("property_base.group_property_user"):
            return partners
        residents = partners.filtered("property_unit_ids")
        return residents or partners

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
