from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time

from .common import CommunityCase


class EventCase(CommunityCase):
    @classmethod
    def _event(cls, community=None, **values):
        return cls.env["event.event"].create(
            {
                "name": "Mid-Autumn Festival",
                "property_community_id": (community or cls.community_x).id,
                "property_kind": "event",
                "property_portal_published": True,
                "company_id": cls.company.id,
                "date_begin": "2026-09-25 10:00:00",
                "date_end": "2026-09-25 13:00:00",
                **values,
            }
        )


@freeze_time("2026-09-01 08:00:00")
class TestEvent(EventCase):
    def test_registration_within_capacity(self):
        event = self._event(seats_limited=True, seats_max=2)
        first = event._property_register(self.resident_a.partner_id)
        self.assertEqual(first.state, "open")
        self.assertEqual(first.email, "a@example.com")
        # Registering twice keeps one seat.
        self.assertEqual(event._property_register(self.resident_a.partner_id), first)
        event._property_register(self.resident_b.partner_id)
        self.assertEqual(event.seats_available, 0)
        with self.assertRaisesRegex(UserError, "is full"):
            event._property_register(self.tenant_a.partner_id)
        self.assertEqual(len(event.registration_ids), 2)
        # A cancellation frees the seat.
        event._property_unregister(self.resident_b.partner_id)
        event._property_register(self.tenant_a.partner_id)
        self.assertEqual(event.seats_available, 0)

    def test_no_registration_after_the_event(self):
        event = self._event()
        with freeze_time("2026-09-26 08:00:00"):
            event.invalidate_recordset()
            with self.assertRaisesRegex(UserError, "is closed"):
                event._property_register(self.resident_a.partner_id)

    def test_property_event_needs_a_community(self):
        with self.assertRaisesRegex(ValidationError, "choose the community"):
            self._event(property_community_id=False)

    def test_residents_see_only_their_communities_events(self):
        event_x = self._event()
        event_y = self._event(community=self.community_y, name="Y Sports Day")
        unpublished = self._event(name="Draft", property_portal_published=False)
        Event = self.env["event.event"].with_user(self.resident_a)
        self.assertEqual(Event.search([]), event_x)
        for event in (event_y, unpublished):
            with self.assertRaises(AccessError):
                event.with_user(self.resident_a).read(["name"])
        with self.assertRaises(AccessError):
            event_x.with_user(self.resident_a).write({"name": "Mine"})
        self.assertEqual(
            self.env["event.event"].with_user(self.resident_y).search([]), event_y
        )

    def test_owners_meeting_is_for_owners(self):
        meeting = self._event(name="Owners' Meeting", property_kind="meeting")
        self.assertEqual(
            self.env["event.event"].with_user(self.resident_a).search([]), meeting
        )
        self.assertFalse(self.env["event.event"].with_user(self.tenant_a).search([]))

    def test_meeting_attendance(self):
        meeting = self._event(name="Owners' Meeting", property_kind="meeting")
        registration = meeting._property_register(self.resident_a.partner_id)
        meeting._property_register(self.resident_b.partner_id)
        registration.action_set_done()
        self.assertEqual(meeting.property_owner_count, 2)
        self.assertEqual(meeting.property_attended_count, 1)
        self.assertEqual(meeting.property_attendance_rate, 50.0)

    def test_staff_see_their_communities_events(self):
        event_x = self._event()
        event_y = self._event(community=self.community_y, name="Y Sports Day")
        general = self.env["event.event"].create(
            {
                "name": "Company Open Day",
                "company_id": self.company.id,
                "date_begin": "2026-09-25 10:00:00",
                "date_end": "2026-09-25 13:00:00",
            }
        )
        Event = self.env["event.event"].with_user(self.staff_x)
        found = Event.search([("id", "in", (event_x | event_y | general).ids)])
        self.assertEqual(found, event_x | general)
        with self.assertRaises(AccessError):
            event_y.with_user(self.staff_x).read(["name"])
        registration = event_y._property_register(self.resident_y.partner_id)
        with self.assertRaises(AccessError):
            registration.with_user(self.staff_x).read(["name"])

    def test_registered_residents_are_reminded(self):
        event = self._event()
        reminders = event.event_mail_ids.filtered(
            lambda m: m.interval_type == "before_event"
        )
        self.assertTrue(reminders)
        event._property_register(self.resident_a.partner_id)
        with freeze_time("2026-09-23 10:00:00"):
            self.env["event.mail"].schedule_communications(autocommit=False)
        three_days = reminders.filtered(lambda m: m.interval_unit == "days")
        self.assertTrue(three_days.mail_done)
        self.assertEqual(three_days.mail_count_done, 1)
        self.assertTrue(
            self.env["mail.mail"].search(
                [
                    ("email_to", "ilike", "a@example.com"),
                    ("subject", "ilike", "Mid-Autumn Festival"),
                ]
            )
        )

    def test_only_residents_it_is_for_register(self):
        meeting = self._event(name="Owners' Meeting", property_kind="meeting")
        event_y = self._event(community=self.community_y, name="Y Sports Day")
        for event, partner in (
            (meeting, self.tenant_a.partner_id),
            (event_y, self.resident_a.partner_id),
            (self._event(property_portal_published=False), self.resident_a.partner_id),
        ):
            with self.assertRaisesRegex(UserError, "is not open to you"):
                event._property_register(partner)
            self.assertFalse(event.registration_ids)
