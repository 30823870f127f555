from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time

from .test_survey import SurveyCase


@freeze_time("2026-06-30 10:00:00")
class TestStaff(SurveyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_xy = cls._staff_user("pm_staff_xy", cls.community_x | cls.community_y)
        Training = cls.env["property.training"]
        cls.training_x = Training.create(
            [
                {
                    "course": "Fire safety",
                    "date": "2026-03-01",
                    "user_id": cls.staff_x.id,
                    "community_id": cls.community_x.id,
                    "company_id": cls.company.id,
                    "result": "passed",
                    "score": 90,
                },
                {
                    "course": "Complaint handling",
                    "date": "2026-04-01",
                    "user_id": cls.staff_x.id,
                    "community_id": cls.community_x.id,
                    "company_id": cls.company.id,
                    "result": "failed",
                    "score": 40,
                },
            ]
        )
        cls.training_y = Training.create(
            {
                "course": "Lift rescue",
                "date": "2026-05-01",
                "user_id": cls.staff_xy.id,
                "community_id": cls.community_y.id,
                "company_id": cls.company.id,
                "result": "passed",
            }
        )

    @classmethod
    def _staff_user(cls, login, communities):
        from odoo.tests import new_test_user

        user = new_test_user(
            cls.env,
            login=login,
            groups="property_base.group_property_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        user.property_community_ids = communities
        return user

    def _dashboard(self, user=None, **values):
        return (
            self.env["property.kpi.dashboard"]
            .with_user(user or self.manager)
            .create(
                {
                    "date_from": "2026-01-01",
                    "date_to": "2026-06-30",
                    "community_ids": [
                        Command.set((self.community_x | self.community_y).ids)
                    ],
                    **values,
                }
            )
        )

    def _line(self, dashboard, community=None, user=None):
        return dashboard.line_ids.filtered(
            lambda line: (
                line.community_id == (community or line.community_id.browse())
                and line.user_id == (user or line.user_id.browse())
            )
        )

    # Training -----------------------------------------------------------------

    def test_training_values_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.training_x[0].score = 120
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.training_x[0].hours = -1

    def test_staff_read_their_own_and_their_communities_training(self):
        Training = self.env["property.training"]
        self.assertEqual(Training.with_user(self.staff_x).search([]), self.training_x)
        self.assertEqual(
            Training.with_user(self.staff_xy).search([]),
            self.training_x | self.training_y,
        )
        with self.assertRaises(AccessError):
            self.training_x[0].with_user(self.staff_x).write({"result": "passed"})

    # KPI ------------------------------------------------------------------------

    def _patch_kpi(self, hook, **kwargs):
        """Patch a hook of the dashboard as installed, glue modules included."""
        return patch.object(type(self.env["property.kpi.dashboard"]), hook, **kwargs)

    def _answers(self):
        self._answer(self.survey, self.resident_a, "Very satisfied")  # 100
        self._answer(self.survey, self.resident_b, "Neutral")  # 50
        survey_y = self._satisfaction_survey(self.community_y)
        self._answer(survey_y, self.resident_y, "Dissatisfied")  # 25
        self.env.flush_all()

    def test_kpi_combines_collection_sla_and_satisfaction(self):
        self._answers()
        collection = {
            self.community_x.id: (10000.0, 9000.0),
            self.community_y.id: (5000.0, 2500.0),
        }
        sla = {
            self.community_x.id: (80.0, 10),
            self.staff_x.id: (60.0, 5),
        }
        with (
            self._patch_kpi("_kpi_collection", return_value=collection),
            self._patch_kpi(
                "_kpi_sla",
                side_effect=lambda communities, groupby="property_community_id": {
                    k: v
                    for k, v in sla.items()
                    if (k == self.staff_x.id) == (groupby == "user_id")
                },
            ),
        ):
            dashboard = self._dashboard()
            dashboard.action_compute()
        line_x = self._line(dashboard, community=self.community_x)
        self.assertAlmostEqual(line_x.collection_rate, 90.0)
        self.assertAlmostEqual(line_x.sla_compliance, 80.0)
        self.assertAlmostEqual(line_x.satisfaction, 75.0)
        self.assertAlmostEqual(line_x.score, (90 + 80 + 75) / 3, places=1)
        line_y = self._line(dashboard, community=self.community_y)
        self.assertAlmostEqual(line_y.collection_rate, 50.0)
        self.assertFalse(line_y.has_sla_compliance)
        self.assertAlmostEqual(line_y.score, (50 + 25) / 2)
        staff_line = self._line(dashboard, user=self.staff_x)
        self.assertAlmostEqual(staff_line.collection_rate, 90.0)
        self.assertAlmostEqual(staff_line.sla_compliance, 60.0)
        self.assertAlmostEqual(staff_line.satisfaction, 75.0)
        self.assertEqual(
            (staff_line.training_passed, staff_line.training_count), (1, 2)
        )
        # Over two communities: amounts and answers are pooled, not averaged.
        both = self._line(dashboard, user=self.staff_xy)
        self.assertAlmostEqual(both.collection_rate, 11500 / 15000 * 100, places=1)
        self.assertAlmostEqual(both.satisfaction, 175 / 3, places=1)
        self.assertFalse(both.has_sla_compliance)
        self.assertEqual((both.training_passed, both.training_count), (1, 1))

    def test_kpi_sources_are_known_before_computing(self):
        for installed in (True, False):
            with (
                self.subTest(installed=installed),
                self._patch_kpi("_kpi_has_collection", return_value=installed),
                self._patch_kpi("_kpi_has_sla", return_value=installed),
            ):
                form = Form(self.env["property.kpi.dashboard"].with_user(self.manager))
                self.assertEqual(form.has_collection, installed)
                self.assertEqual(form.has_sla, installed)
                self.assertFalse(form.community_line_ids)

    def test_kpi_satisfaction_counts_the_ratings_of_services(self):
        self._answers()
        ratings = {self.community_x.id: (80.0, 2), self.community_z.id: (20.0, 1)}
        with self._patch_kpi("_kpi_ratings", return_value=ratings):
            dashboard = self._dashboard()
            dashboard.action_compute()
        # X: survey answers 100 and 50, two ratings of 80 each.
        line_x = self._line(dashboard, community=self.community_x)
        self.assertAlmostEqual(line_x.satisfaction, (100 + 50 + 2 * 80) / 4)
        line_y = self._line(dashboard, community=self.community_y)
        self.assertAlmostEqual(line_y.satisfaction, 25.0)
        staff_line = self._line(dashboard, user=self.staff_x)
        self.assertAlmostEqual(staff_line.satisfaction, 77.5)

    def test_kpi_satisfaction_from_ratings_alone(self):
        with self._patch_kpi(
            "_kpi_ratings", return_value={self.community_x.id: (60.0, 3)}
        ):
            dashboard = self._dashboard()
            dashboard.action_compute()
        line_x = self._line(dashboard, community=self.community_x)
        self.assertTrue(line_x.has_satisfaction)
        self.assertAlmostEqual(line_x.satisfaction, 60.0)
        self.assertFalse(
            self._line(dashboard, community=self.community_y).has_satisfaction
        )

    def test_kpi_dashboard_is_named_after_its_communities_and_period(self):
        dashboard = self._dashboard(
            community_ids=[Command.set(self.community_x.ids)]
        ).with_context(lang="en_US")
        self.assertEqual(
            dashboard.display_name,
            f"KPI {self.community_x.name} 01/01/2026 – 06/30/2026",
        )
        everywhere = self._dashboard(community_ids=False)
        self.assertEqual(
            everywhere.display_name, "KPI All Communities 01/01/2026 – 06/30/2026"
        )

    def test_kpi_without_billing_and_helpdesk(self):
        self._answers()
        with (
            self._patch_kpi("_kpi_has_collection", return_value=False),
            self._patch_kpi("_kpi_has_sla", return_value=False),
            self._patch_kpi("_kpi_collection", return_value=None),
            self._patch_kpi("_kpi_sla", return_value=None),
        ):
            dashboard = self._dashboard()
            self.assertFalse(dashboard.has_collection)
            self.assertFalse(dashboard.has_sla)
            dashboard.action_compute()
        line_x = self._line(dashboard, community=self.community_x)
        self.assertFalse(line_x.has_collection_rate)
        self.assertFalse(line_x.has_sla_compliance)
        self.assertAlmostEqual(line_x.score, 75.0)

    def test_staff_see_the_kpis_of_their_communities(self):
        dashboard = self._dashboard(user=self.staff_x, community_ids=False)
        dashboard.action_compute()
        self.assertEqual(dashboard.line_ids.community_id, self.community_x)
        self.assertEqual(dashboard.staff_line_ids.user_id, self.staff_x | self.staff_xy)
        # A colleague who also works on Y is measured on X only here.
        self._answers()
        dashboard.action_compute()
        both = self._line(dashboard, user=self.staff_xy)
        self.assertAlmostEqual(both.satisfaction, 75.0)

    def test_period_must_end_after_it_starts(self):
        dashboard = self._dashboard(date_from="2026-06-01", date_to="2026-05-01")
        with self.assertRaisesRegex(UserError, "ends before it starts"):
            dashboard.action_compute()
        self.assertFalse(dashboard.line_ids)

    def test_staff_kpis_leave_out_other_communities(self):
        self._answers()
        # Asked for Y, staff of X get nothing of it.
        dashboard = self._dashboard(
            user=self.staff_x, community_ids=[Command.set(self.community_y.ids)]
        )
        dashboard.action_compute()
        self.assertFalse(dashboard.line_ids)
        # A colleague's trainings in Y do not count in X's figures.
        dashboard = self._dashboard(user=self.staff_x, community_ids=False)
        dashboard.action_compute()
        both = self._line(dashboard, user=self.staff_xy)
        self.assertEqual((both.training_passed, both.training_count), (0, 0))
        mine = self._line(dashboard, user=self.staff_x)
        self.assertEqual((mine.training_passed, mine.training_count), (1, 2))
