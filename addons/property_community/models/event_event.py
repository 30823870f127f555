from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .tools import (
    check_resident_attachments,
    resident_attachments_before,
)

PROPERTY_EVENT_KINDS = [
    ("event", "Community Event"),
    ("meeting", "Owners' Meeting"),
]


class EventEvent(models.Model):
    _inherit = "event.event"

    property_community_id = fields.Many2one(
        "property.community",
        string="Community",
        index="btree_not_null",
        help="Residents of this community see the event in their portal.",
    )
    property_kind = fields.Selection(
        PROPERTY_EVENT_KINDS,
        string="Kind",
        help="Owners' meetings are open to the owners of the community only.",
    )
    property_portal_published = fields.Boolean(
        string="Open to Residents",
        help="Shown in the residents' portal, where they register themselves "
        "while seats are left.",
    )
    property_agenda = fields.Html(string="Agenda")
    property_minutes = fields.Html(string="Minutes")
    property_attachment_ids = fields.Many2many(
        "ir.attachment",
        "event_event_property_attachment_rel",
        "event_id",
        "attachment_id",
        string="Meeting Documents",
    )
    property_attended_count = fields.Integer(
        string="Attended", compute="_compute_property_attendance"
    )
    property_owner_count = fields.Integer(
        string="Owners", compute="_compute_property_attendance"
    )
    property_attendance_rate = fields.Float(
        string="Owners Present (%)",
        compute="_compute_property_attendance",
        digits=(5, 1),
    )

    @api.depends("registration_ids.state", "property_community_id")
    def _compute_property_attendance(self):
        attended = dict(
            self.env["event.registration"]._read_group(
                [("event_id", "in", self.ids), ("state", "=", "done")],
                ["event_id"],
                ["__count"],
            )
        )
        today = fields.Date.context_today(self)
        # sudo: a count of owners of the communities of events the user reads.
        Occupancy = self.env["property.occupancy"].sudo()
        owners = {
            community.id: count
            for community, count in Occupancy._read_group(
                [
                    ("community_id", "in", self.property_community_id.ids),
                    ("role", "=", "owner"),
                    *Occupancy._domain_active_at(today),
                ],
                ["community_id"],
                ["partner_id:count_distinct"],
            )
        }
        for event in self:
            event.property_attended_count = attended.get(event, 0)
            event.property_owner_count = owners.get(event.property_community_id.id, 0)
            event.property_attendance_rate = (
                event.property_attended_count / event.property_owner_count * 100
                if event.property_kind == "meeting" and event.property_owner_count
                else 0.0
            )

    @api.constrains("property_kind", "property_community_id")
    def _check_property_community(self):
        for event in self:
            if event.property_kind and not event.property_community_id:
                raise ValidationError(
                    self.env._(
                        "%(event)s: choose the community whose residents it is for.",
                        event=event.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        check_resident_attachments(events, "property_attachment_ids")
        return events

    def write(self, vals):
        before = resident_attachments_before(self, vals, "property_attachment_ids")
        result = super().write(vals)
        if before is not None:
            check_resident_attachments(self, "property_attachment_ids", before)
        return result

    def _property_portal_domain(self, partner, date=None):
        """Events a resident may see: those open to residents of a community
        they live in today; meetings for owners only."""
        date = date or fields.Date.context_today(self)
        Occupancy = self.env["property.occupancy"]
        active = [("partner_id", "=", partner.id), *Occupancy._domain_active_at(date)]
        return [
            ("property_portal_published", "=", True),
            ("property_community_id.unit_ids.occupancy_ids", "any", active),
            "|",
            ("property_kind", "!=", "meeting"),
            (
                "property_community_id.unit_ids.occupancy_ids",
                "any",
                [*active, ("role", "=", "owner")],
            ),
        ]

    def _property_is_for(self, partner):
        """Whether the event is open to ``partner`` in the portal today."""
        self.ensure_one()
        return bool(
            # sudo: the portal rule for residents, checked for ``partner``.
            self.sudo().search_count(
                [("id", "=", self.id), *self._property_portal_domain(partner)],
                limit=1,
            )
        )

    def _property_register(self, partner):
        """Register a resident from the portal, within the seats left."""
        self.ensure_one()
        if not self._property_is_for(partner):
            raise UserError(
                self.env._(
                    "%(event)s is not open to you: it is for the residents of "
                    "its community (owners' meetings for owners only).",
                    event=self.name,
                )
            )
        # One registration at a time per event: seats are counted, then taken.
        self.env.cr.execute(
            SQL("SELECT id FROM event_event WHERE id = %s FOR NO KEY UPDATE", self.id)
        )
        self.invalidate_recordset(["seats_available", "event_registrations_open"])
        # sudo: the event is open to the partner (checked above); residents
        # have no access to registrations.
        Registration = self.env["event.registration"].sudo()
        existing = Registration.search(
            [
                ("event_id", "=", self.id),
                ("partner_id", "=", partner.id),
                ("state", "in", ("open", "done")),
            ],
            limit=1,
        )
        if existing:
            return existing
        if self.seats_limited and self.seats_max and self.seats_available < 1:
            raise UserError(
                self.env._(
                    "%(event)s is full: every seat is taken. Watch the "
                    "announcements for the next one.",
                    event=self.name,
                )
            )
        if not self.event_registrations_open:
            raise UserError(
                self.env._(
                    "Registration for %(event)s is closed.",
                    event=self.name,
                )
            )
        return Registration.create(
            {
                "event_id": self.id,
                "partner_id": partner.id,
                "name": partner.name,
                "email": partner.email,
                "phone": partner.mobile or partner.phone,
            }
        )

    def _property_unregister(self, partner):
        self.ensure_one()
        registrations = (
            self.env["event.registration"]
            # sudo: only the partner's own registrations to this event.
            .sudo()
            .search(
                [
                    ("event_id", "=", self.id),
                    ("partner_id", "=", partner.id),
                    ("state", "=", "open"),
                ]
            )
        )
        registrations.action_cancel()
        return registrations
