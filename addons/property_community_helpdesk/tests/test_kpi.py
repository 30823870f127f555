from odoo import Command
from odoo.tests import Form, freeze_time

from odoo.addons.property_helpdesk.tests.common import HelpdeskCase


class TestKpiFromTickets(HelpdeskCase):
    """The KPI dashboard's SLA compliance and satisfaction from the tickets:
    a ticket still open past its deadline counts as breached, the residents'
    ratings count towards satisfaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.met = cls._at(
            "2026-06-01 08:00", "2026-06-01 08:10", cls.tech_1, rating="5"
        )
        cls.missed = cls._at(
            "2026-06-02 08:00", "2026-06-02 20:00", cls.tech_2, rating="3"
        )
        cls.overdue = cls._at("2026-06-09 08:00", None, cls.tech_1)
        # Reported five minutes ago: its first deadline is still ahead.
        cls.on_track = cls._at("2026-06-10 11:55", None, cls.tech_2)
        # Rated, but resolved before the period.
        cls._at("2026-05-20 08:00", "2026-05-20 08:05", cls.tech_1, rating="1")
        # Another community's overdue ticket.
        cls._at("2026-06-09 08:00", None, cls.tech_1, unit=cls.unit_y1)

    @classmethod
    def _at(cls, reported, closed, user, rating=None, unit=None):
        with freeze_time(reported):
            ticket = cls._ticket(
                priority="4",
                property_unit_id=(unit or cls.unit_x1).id,
                user_id=user.id,
                stage_id=cls.stage_new.id,
            )
        if closed:
            with freeze_time(closed):
                ticket.stage_id = cls.stage_done
        if rating:
            ticket.property_rating = rating
        return ticket

    def _dashboard(self, **values):
        return self.env["property.kpi.dashboard"].create(
            {
                "date_from": "2026-06-01",
                "date_to": "2026-06-30",
                "community_ids": [Command.set(self.community_x.ids)],
                **values,
            }
        )

    @freeze_time("2026-06-10 12:00")
    def test_open_tickets_past_their_deadline_count_as_breached(self):
        self.assertEqual(self.overdue.property_sla_status, "breached")
        self.assertEqual(self.on_track.property_sla_status, "on_track")
        dashboard = self._dashboard()
        sla = dashboard._kpi_sla(self.community_x)
        self.assertEqual(list(sla), [self.community_x.id])
        self.assertAlmostEqual(sla[self.community_x.id][0], 100 / 3)
        self.assertEqual(sla[self.community_x.id][1], 3)
        by_user = dashboard._kpi_sla(self.community_x, groupby="user_id")
        self.assertEqual(by_user[self.tech_1.id], (50.0, 2))
        self.assertEqual(by_user[self.tech_2.id], (0.0, 1))
        # A period that ended before the ticket was reported does not count it.
        june_first = self._dashboard(date_to="2026-06-01")
        self.assertEqual(
            june_first._kpi_sla(self.community_x), {self.community_x.id: (100.0, 1)}
        )

    @freeze_time("2026-06-10 12:00")
    def test_a_target_missed_while_open_counts_as_breached(self):
        self.on_track.property_response_breached = True
        sla = self._dashboard()._kpi_sla(self.community_x)
        self.assertEqual(sla[self.community_x.id][1], 4)
        self.assertAlmostEqual(sla[self.community_x.id][0], 25.0)

    @freeze_time("2026-06-10 12:00")
    def test_ratings_of_the_period_give_the_satisfaction(self):
        dashboard = self._dashboard()
        # 5 and 3 out of 5; the rating of May is left out.
        self.assertEqual(
            dashboard._kpi_ratings(self.community_x), {self.community_x.id: (80.0, 2)}
        )
        self.met.property_confirmed_at = "2026-07-02 09:00:00"
        self.assertEqual(
            dashboard._kpi_ratings(self.community_x), {self.community_x.id: (60.0, 1)}
        )

    @freeze_time("2026-06-10 12:00")
    def test_dashboard_shows_the_ticket_figures(self):
        form = Form(self.env["property.kpi.dashboard"].with_user(self.manager))
        # Known before anything is computed.
        self.assertTrue(form.has_sla)
        form.date_from = "2026-06-01"
        form.date_to = "2026-06-30"
        form.community_ids.add(self.community_x)
        dashboard = form.save()
        dashboard.action_compute()
        line = dashboard.community_line_ids
        self.assertEqual(line.community_id, self.community_x)
        self.assertTrue(line.has_sla_compliance)
        self.assertAlmostEqual(line.sla_compliance, 33.3, places=1)
        self.assertTrue(line.has_satisfaction)
        self.assertAlmostEqual(line.satisfaction, 80.0)
        self.assertAlmostEqual(line.score, (100 / 3 + 80) / 2, places=1)
        self.assertEqual(
            dashboard.display_name,
            f"KPI {self.community_x.name} 06/01/2026 – 06/30/2026",
        )
