from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PROPERTY_KINDS = [
    ("repair", "Repair"),
    ("inquiry", "Inquiry"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]

PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
    ("4", "Emergency"),
]

SLA_TARGETS = [
    ("response", "First Response"),
    ("arrival", "Arrival on Site"),
    ("resolution", "Resolution"),
]


class PropertyHelpdeskSla(models.Model):
    _name = "property.helpdesk.sla"
    _description = "Ticket Service Level Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="The first matching policy in this order applies."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use the policy in every company.",
    )
    property_kind = fields.Selection(
        PROPERTY_KINDS, string="Kind", help="Leave empty for every kind."
    )
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Categories",
        help="Leave empty for every category.",
    )
    priority = fields.Selection(PRIORITIES, help="Leave empty for every priority.")
    community_ids = fields.Many2many(
        "property.community",
        string="Communities",
        help="Leave empty for every community.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        help="The clock runs during these hours only, without public holidays "
        "(24/7 for emergencies, business hours for the rest).",
    )
    response_hours = fields.Float(
        string="First Response (h)",
        required=True,
        default=4.0,
        help="Working hours until the resident hears from the service desk.",
    )
    arrival_hours = fields.Float(
        string="Arrival on Site (h)",
        help="Working hours until a technician is on site; 0 when nobody needs to go.",
    )
    resolution_hours = fields.Float(
        string="Resolution (h)",
        required=True,
        default=24.0,
        help="Working hours until the ticket is resolved.",
    )
    alert_percent = fields.Float(
        string="Alert at (%)",
        default=80.0,
        help="Share of a target after which the team leader is alerted; the "
        "manager is alerted at the deadline.",
    )
    note = fields.Text()

    @api.constrains("response_hours", "arrival_hours", "resolution_hours")
    def _check_hours(self):
        for sla in self:
            if (
                sla.response_hours <= 0
                or sla.resolution_hours <= 0
                or sla.arrival_hours < 0
            ):
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: first response and resolution need a "
                        "positive number of hours, arrival on site zero or more.",
                        name=sla.name,
                    )
                )
            if sla.resolution_hours < max(sla.response_hours, sla.arrival_hours):
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: the resolution target cannot come "
                        "before the first response or the arrival on site. "
                        "Lengthen the resolution target.",
                        name=sla.name,
                    )
                )

    @api.constrains("alert_percent")
    def _check_alert_percent(self):
        for sla in self:
            if not 0 < sla.alert_percent < 100:
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: the alert share must lie between 0 "
                        "and 100 %%, e.g. 80.",
                        name=sla.name,
                    )
                )

    def _matches(self, ticket):
        self.ensure_one()
        return (
            (not self.company_id or self.company_id == ticket.company_id)
            and (not self.property_kind or self.property_kind == ticket.property_kind)
            and (not self.category_ids or ticket.category_id in self.category_ids)
            and (not self.priority or self.priority == ticket.priority)
            and (
                not self.community_ids
                or ticket.property_community_id in self.community_ids
            )
        )

    def _target_hours(self, target):
        self.ensure_one()
        return self[f"{target}_hours"]

    def _plan(self, start, hours):
        """Return the moment ``hours`` working hours after ``start`` (naive UTC)
        on the policy's calendar, public holidays left out."""
        self.ensure_one()
        deadline = self.calendar_id.plan_hours(hours, start, compute_leaves=True)
        if not deadline:
            return False
        # Calendars stop a day at 23:59:59.999999; whole seconds are enough.
        return (deadline + timedelta(microseconds=500000)).replace(microsecond=0)

    def _working_hours(self, start, end):
        """Working hours of the policy's calendar between two naive UTC times."""
        self.ensure_one()
        if end <= start:
            return 0.0
        hours = self.calendar_id.get_work_hours_count(start, end, compute_leaves=True)
        # A day of a calendar ends at 23:59:59.999999: count whole seconds.
        return round(hours * 3600) / 3600
