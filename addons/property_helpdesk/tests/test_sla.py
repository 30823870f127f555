from datetime import datetime

from odoo.tests import freeze_time

from .common import HelpdeskCase

# 2026-03-02 is a Monday; the office calendar works Monday to Friday
# 09:00-12:00 and 13:00-18:00 (UTC), the emergency calendar 24/7.


def dt(value):
    return datetime.fromisoformat(value)


class TestSla(HelpdeskCase):
    def _repair(self, at, **values):
        with freeze_time(at):
            return self._ticket(
                property_unit_id=self.unit_x1.id,
                category_id=self.cat_plumbing.id,
                **values,
            )

    def test_emergency_deadlines_run_through_the_night(self):
        ticket = self._repair("2026-03-07 23:00:00", priority="4")  # a Saturday
        self.assertEqual(ticket.property_sla_id, self.sla_emergency)
        self.assertEqual(ticket.property_response_deadline, dt("2026-03-07 23:15:00"))
        self.assertEqual(ticket.property_arrival_deadline, dt("2026-03-07 23:30:00"))
        self.assertEqual(ticket.property_resolution_deadline, dt("2026-03-08 03:00:00"))

    def test_office_deadlines_skip_nights_and_weekends(self):
        ticket = self._repair("2026-03-06 17:00:00")  # Friday, one hour left
        self.assertEqual(ticket.property_sla_id, self.sla_repair)
        self.assertEqual(ticket.property_response_deadline, dt("2026-03-06 18:00:00"))
        # 1 h on Friday, 3 h on Monday morning
        self.assertEqual(ticket.property_arrival_deadline, dt("2026-03-09 12:00:00"))
        # 1 h on Friday, 8 h on Monday, 7 h on Tuesday
        self.assertEqual(ticket.property_resolution_deadline, dt("2026-03-10 17:00:00"))
        night = self._repair("2026-03-03 20:00:00")  # Tuesday evening
        self.assertEqual(night.property_response_deadline, dt("2026-03-04 10:00:00"))

    def test_public_holiday_is_left_out(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar_office.id,
                "date_from": "2026-03-09 00:00:00",
                "date_to": "2026-03-09 23:59:59",
                "time_type": "leave",
            }
        )
        ticket = self._repair("2026-03-06 17:00:00")
        self.assertEqual(ticket.property_arrival_deadline, dt("2026-03-10 12:00:00"))

    def test_waiting_on_the_resident_pauses_the_clock(self):
        ticket = self._repair("2026-03-02 09:00:00")
        with freeze_time("2026-03-02 09:30:00"):
            ticket.stage_id = self.stage_progress
        self.assertEqual(ticket.property_responded_at, dt("2026-03-02 09:30:00"))
        self.assertEqual(ticket.property_arrival_deadline, dt("2026-03-02 14:00:00"))
        with freeze_time("2026-03-02 10:00:00"):
            ticket.stage_id = self.stage_awaiting
        with freeze_time("2026-03-02 16:00:00"):
            self.assertEqual(ticket.property_sla_status, "paused")
            self.assertNotIn(
                ticket,
                self.env["helpdesk.ticket"].search(
                    [("property_sla_status", "=", "breached")]
                ),
            )
        with freeze_time("2026-03-03 10:00:00"):
            ticket.stage_id = self.stage_progress
            # Monday 10-12 and 13-18, Tuesday 9-10: eight working hours
            self.assertEqual(ticket.property_sla_paused_hours, 8)
            self.assertFalse(ticket.property_sla_paused_since)
            self.assertEqual(
                ticket.property_arrival_deadline, dt("2026-03-03 14:00:00")
            )
            self.assertEqual(
                ticket.property_resolution_deadline, dt("2026-03-04 18:00:00")
            )
            self.assertEqual(ticket.property_sla_status, "on_track")
        self.assertFalse(ticket.property_response_breached)

    def test_status_moves_from_on_track_to_at_risk_to_breached(self):
        ticket = self._repair("2026-03-02 09:00:00")
        self.assertEqual(ticket.property_sla_target, "response")
        self.assertEqual(ticket.property_sla_warn_at, dt("2026-03-02 09:45:00"))
        Ticket = self.env["helpdesk.ticket"]
        for moment, status, remaining in (
            ("2026-03-02 09:30:00", "on_track", 0.5),
            ("2026-03-02 09:50:00", "at_risk", 1 / 6),
            ("2026-03-02 10:30:00", "breached", -0.5),
        ):
            with freeze_time(moment):
                ticket.invalidate_recordset(["property_sla_status"])
                self.assertEqual(ticket.property_sla_status, status)
                self.assertAlmostEqual(ticket.property_sla_remaining, remaining)
                self.assertIn(
                    ticket, Ticket.search([("property_sla_status", "=", status)])
                )
                self.assertNotIn(
                    ticket, Ticket.search([("property_sla_status", "!=", status)])
                )

    def test_public_answer_from_staff_is_the_first_response(self):
        ticket = self._repair("2026-03-02 09:00:00")
        with freeze_time("2026-03-02 09:20:00"):
            ticket.message_post(
                body="Internal note",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            self.assertFalse(ticket.property_responded_at)
        with freeze_time("2026-03-02 10:30:00"):
            ticket.with_user(self.staff_x).message_post(
                body="We send a plumber this morning.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.property_responded_at, dt("2026-03-02 10:30:00"))
        self.assertTrue(ticket.property_response_breached)
        self.assertEqual(ticket.property_sla_target, "arrival")

    def test_targets_met_or_missed_at_closing(self):
        ticket = self._repair("2026-03-02 09:00:00")
        with freeze_time("2026-03-02 09:30:00"):
            ticket.stage_id = self.stage_progress
        with freeze_time("2026-03-02 11:00:00"):
            ticket.action_property_arrive()
        with freeze_time("2026-03-02 15:00:00"):
            ticket.stage_id = self.stage_done
        self.assertEqual(ticket.property_arrived_at, dt("2026-03-02 11:00:00"))
        self.assertFalse(ticket.property_sla_target)
        self.assertEqual(ticket.property_sla_status, "met")
        self.assertTrue(ticket.property_sla_met)
        self.assertEqual(ticket.property_resolution_hours, 6)
        self.assertEqual(ticket.property_response_hours, 0.5)

        late = self._repair("2026-03-02 09:00:00")
        with freeze_time("2026-03-05 09:00:00"):
            late.stage_id = self.stage_done
        self.assertTrue(late.property_response_breached)
        self.assertTrue(late.property_arrival_breached)
        self.assertFalse(late.property_arrived_at)
        self.assertTrue(late.property_resolution_breached)
        self.assertEqual(late.property_sla_status, "missed")
        self.assertFalse(late.property_sla_met)


class TestSlaAlerts(HelpdeskCase):
    def _alerts(self, ticket, text):
        return ticket.message_ids.filtered(lambda m: text in str(m.body))

    def test_team_leader_at_risk_manager_at_breach_once_each(self):
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._ticket(
                property_unit_id=self.unit_x1.id, category_id=self.cat_plumbing.id
            )
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-03-02 09:40:00"):
            Ticket._cron_property_sla_alerts()
            self.assertFalse(self._alerts(ticket, "SLA"))
        with freeze_time("2026-03-02 09:50:00"):
            Ticket._cron_property_sla_alerts()
            Ticket._cron_property_sla_alerts()
        warning = self._alerts(ticket, "SLA at risk")
        self.assertEqual(len(warning), 1)
        self.assertIn("10:00", str(warning.body))  # the deadline, calendar in UTC
        self.assertEqual(warning.partner_ids, self.lead.partner_id)
        self.assertEqual(ticket.property_sla_alert_level, "warned")
        with freeze_time("2026-03-02 10:05:00"):
            Ticket._cron_property_sla_alerts()
            Ticket._cron_property_sla_alerts()
        breach = self._alerts(ticket, "SLA breached")
        self.assertEqual(len(breach), 1)
        self.assertEqual(breach.partner_ids, self.manager.partner_id)
        self.assertEqual(len(self._alerts(ticket, "SLA at risk")), 1)
        # The next target (arrival on site) gets its own alerts.
        with freeze_time("2026-03-02 10:10:00"):
            ticket.stage_id = self.stage_progress
        self.assertEqual(ticket.property_sla_target, "arrival")
        self.assertEqual(ticket.property_sla_alert_level, "none")
        with freeze_time("2026-03-02 14:30:00"):
            Ticket._cron_property_sla_alerts()
        self.assertEqual(len(self._alerts(ticket, "SLA breached")), 2)

    def test_paused_and_closed_tickets_are_not_alerted(self):
        with freeze_time("2026-03-02 09:00:00"):
            paused = self._ticket(property_unit_id=self.unit_x1.id)
            closed = self._ticket(property_unit_id=self.unit_x2.id)
        with freeze_time("2026-03-02 09:10:00"):
            paused.stage_id = self.stage_awaiting
            closed.stage_id = self.stage_done
        with freeze_time("2026-03-02 12:00:00"):
            self.env["helpdesk.ticket"]._cron_property_sla_alerts()
        self.assertFalse(self._alerts(paused, "SLA"))
        self.assertFalse(self._alerts(closed, "SLA"))

    def test_alerts_go_in_batches(self):
        with freeze_time("2026-03-02 09:00:00"):
            first = self._ticket(property_unit_id=self.unit_x1.id)
        with freeze_time("2026-03-02 09:01:00"):
            second = self._ticket(property_unit_id=self.unit_x2.id)
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-03-02 11:00:00"):
            Ticket._cron_property_sla_alerts(batch_size=1)
            self.assertTrue(self._alerts(first, "SLA breached"))
            self.assertFalse(self._alerts(second, "SLA breached"))
            Ticket._cron_property_sla_alerts(batch_size=1)
            self.assertTrue(self._alerts(second, "SLA breached"))


class TestShippedCalendars(HelpdeskCase):
    def test_office_hours_follow_shanghai_time(self):
        # Friday 17:00 in Shanghai (09:00 UTC): half an hour left on Friday,
        # the office opens again on Saturday at 08:30 (00:30 UTC).
        repair = self.env.ref("property_helpdesk.property_helpdesk_sla_repair")
        self.assertEqual(
            repair._plan(dt("2026-03-06 09:00:00"), 1), dt("2026-03-07 01:00:00")
        )
        # Saturday evening to Monday: Sunday is closed.
        self.assertEqual(
            repair._plan(dt("2026-03-07 09:00:00"), 1), dt("2026-03-09 01:00:00")
        )

    def test_emergencies_run_day_and_night(self):
        emergency = self.env.ref("property_helpdesk.property_helpdesk_sla_emergency")
        self.assertEqual(
            emergency._plan(dt("2026-03-07 18:00:00"), 4), dt("2026-03-07 22:00:00")
        )
        self.assertEqual(
            emergency._working_hours(
                dt("2026-03-07 18:00:00"), dt("2026-03-09 18:00:00")
            ),
            48,
        )
