from odoo.tests import freeze_time

from .common import HelpdeskCase


class TestKpi(HelpdeskCase):
    def _ticket_at(self, reported, **values):
        with freeze_time(reported):
            return self._ticket(**values)

    def _move(self, ticket, at, stage):
        with freeze_time(at):
            ticket.stage_id = stage

    def test_report_figures_on_known_tickets(self):
        # Met: response after 0.5 h, resolved after 4 h, rated 5.
        met = self._ticket_at(
            "2026-03-02 09:00:00",
            property_unit_id=self.unit_x1.id,
            category_id=self.cat_plumbing.id,
            user_id=self.tech_1.id,
        )
        self._move(met, "2026-03-02 09:30:00", self.stage_progress)
        with freeze_time("2026-03-02 10:00:00"):
            met.action_property_arrive()
        self._move(met, "2026-03-02 13:00:00", self.stage_done)
        met.action_property_confirm("5")
        # Missed: response after 2.5 h, resolved after 24 h, rated 2.
        missed = self._ticket_at(
            "2026-03-02 09:00:00",
            property_unit_id=self.unit_x2.id,
            category_id=self.cat_plumbing.id,
            user_id=self.tech_1.id,
        )
        self._move(missed, "2026-03-02 11:30:00", self.stage_progress)
        self._move(missed, "2026-03-03 09:00:00", self.stage_done)
        missed.action_property_confirm("2")
        # Open and unrated: leaves resolution, compliance and rating alone.
        self._ticket_at(
            "2026-03-02 09:00:00",
            property_unit_id=self.unit_x1.id,
            category_id=self.cat_plumbing.id,
            user_id=self.tech_1.id,
        )
        Report = self.env["property.helpdesk.report"]
        Report.flush_model()
        self.env["helpdesk.ticket"].flush_model()
        [row] = Report._read_group(
            [("user_id", "=", self.tech_1.id)],
            ["team_id"],
            [
                "__count",
                "response_hours:avg",
                "resolution_hours:avg",
                "sla_compliance:avg",
                "rating:avg",
                "complaint_count:sum",
            ],
        )
        team, count, response, resolution, compliance, rating, complaints = row
        self.assertEqual(team, self.team_x)
        self.assertEqual(count, 3)
        self.assertAlmostEqual(response, 1.5)  # (0.5 + 2.5) / 2
        self.assertAlmostEqual(resolution, 14.0)  # (4 + 24) / 2
        self.assertAlmostEqual(compliance, 50.0)
        self.assertAlmostEqual(rating, 3.5)
        self.assertEqual(complaints, 0)

    def test_complaints_per_hundred_units(self):
        for _i in range(3):
            self._create_unit(self.building_x, f"09{_i}", 80.0)
        # community X: 5 units; 2 complaints this period, 1 before, 1 repair
        for reported in ("2026-02-10 10:00:00", "2026-02-20 10:00:00"):
            self._ticket_at(
                reported, property_unit_id=self.unit_x1.id, property_kind="complaint"
            )
        self._ticket_at(
            "2025-12-31 10:00:00",
            property_community_id=self.community_x.id,
            property_kind="complaint",
        )
        self._ticket_at("2026-02-11 10:00:00", property_unit_id=self.unit_x2.id)
        rates = (self.community_x | self.community_y)._property_complaint_rates(
            "2026-01-01", "2026-03-01"
        )
        self.assertEqual(rates, {self.community_x.id: 40.0, self.community_y.id: 0.0})
        with freeze_time("2026-03-01 00:00:00"):
            self.community_x.invalidate_recordset()
            # last twelve months: all three complaints
            self.assertEqual(self.community_x.property_complaint_rate, 60.0)
