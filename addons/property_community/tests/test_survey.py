from odoo import SUPERUSER_ID, Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time

from .common import CommunityCase


class SurveyCase(CommunityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls._satisfaction_survey(cls.community_x, anonymous=True)
        cls.question = cls.survey.question_ids

    @classmethod
    def _satisfaction_survey(cls, community, anonymous=False, **values):
        return cls.env["survey.survey"].create(
            {
                "title": "Satisfaction 2026",
                "access_mode": "token",
                "scoring_type": "scoring_without_answers",
                "questions_layout": "one_page",
                "property_community_id": community.id,
                "property_anonymous": anonymous,
                "property_is_satisfaction": True,
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "How satisfied are you with our service?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create({"value": label, "answer_score": score})
                                for label, score in (
                                    ("Very satisfied", 4),
                                    ("Satisfied", 3),
                                    ("Neutral", 2),
                                    ("Dissatisfied", 1),
                                    ("Very dissatisfied", 0),
                                )
                            ],
                        }
                    )
                ],
                **values,
            }
        )

    def _answer(self, survey, resident, label):
        """Take the survey as the survey controller does: a sudo environment
        of the resident's request."""
        answer = survey._property_answer_for(resident.partner_id)
        answer = answer.with_user(resident).sudo()
        question = survey.question_ids
        choice = question.suggested_answer_ids.filtered(lambda a: a.value == label)
        answer._mark_in_progress()
        answer._save_lines(question, str(choice.id))
        answer._mark_done()
        return answer.sudo(False).with_user(SUPERUSER_ID)


class TestSurvey(SurveyCase):
    def test_survey_is_for_the_residents_of_its_community_or_buildings(self):
        self.assertTrue(self.survey._property_is_for(self.resident_a.partner_id))
        self.assertTrue(self.survey._property_is_for(self.tenant_a.partner_id))
        self.assertFalse(self.survey._property_is_for(self.resident_y.partner_id))
        building_x2 = self._create_building(self.community_x, "B")
        self.survey.property_building_ids = building_x2
        self.assertFalse(self.survey._property_is_for(self.resident_a.partner_id))

    def test_buildings_of_another_community_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "choose buildings of"):
            self.survey.property_building_ids = self.building_y

    def test_residents_answer_by_invitation_only(self):
        with self.assertRaisesRegex(ValidationError, "Invited people only"):
            self.survey.access_mode = "public"

    def test_anonymous_answer_never_reveals_its_author_to_staff(self):
        answer = self._answer(self.survey, self.resident_a, "Satisfied")
        self.assertEqual(answer.state, "done")
        self.assertAlmostEqual(answer.scoring_percentage, 75.0)
        resident_user = self.resident_a
        survey_staff = self.manager
        survey_staff.groups_id = [
            Command.link(self.env.ref("survey.group_survey_manager").id)
        ]
        as_staff = answer.with_user(survey_staff)
        values = as_staff.read(
            ["partner_id", "email", "nickname", "create_uid", "write_uid"]
        )[0]
        self.assertFalse(values["partner_id"])
        self.assertFalse(values["email"])
        self.assertFalse(values["nickname"])
        self.assertNotEqual(values["create_uid"][0], resident_user.id)
        self.assertNotEqual(values["write_uid"][0], resident_user.id)
        self.assertNotIn(resident_user, as_staff.user_input_line_ids.create_uid)
        self.assertNotIn(resident_user, as_staff.user_input_line_ids.write_uid)
        self.assertNotIn(
            self.resident_a.partner_id,
            as_staff.message_ids.author_id | as_staff.message_partner_ids,
        )
        with self.assertRaises(AccessError):
            as_staff.read(["property_respondent_id"])
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(survey_staff).search(
                [("property_respondent_id", "=", self.resident_a.partner_id.id)]
            )
        # The building is known, for results per building.
        self.assertEqual(as_staff.property_building_id, self.building_x)

    def test_named_answer_carries_the_resident(self):
        survey = self._satisfaction_survey(self.community_x, anonymous=False)
        answer = self._answer(survey, self.resident_a, "Very satisfied")
        self.assertEqual(answer.partner_id, self.resident_a.partner_id)
        self.assertFalse(answer.property_anonymous)

    def test_one_answer_per_resident(self):
        first = self.survey._property_answer_for(self.resident_a.partner_id)
        again = self.survey._property_answer_for(self.resident_a.partner_id)
        self.assertEqual(first, again)
        other = self.survey._property_answer_for(self.resident_b.partner_id)
        self.assertNotEqual(first, other)

    def test_results_per_building_and_yearly_index(self):
        building_x2 = self._create_building(self.community_x, "B")
        unit = self._create_unit(building_x2, "0101", 90)
        neighbour = self._portal_user("neighbour")
        self._occupy(unit, neighbour.partner_id, "owner", 100)
        with freeze_time("2026-03-01 10:00:00"):
            self._answer(self.survey, self.resident_a, "Very satisfied")  # 100
            self._answer(self.survey, self.resident_b, "Neutral")  # 50
            self._answer(self.survey, neighbour, "Dissatisfied")  # 25
        survey_y = self._satisfaction_survey(self.community_y)
        with freeze_time("2025-12-01 10:00:00"):
            self._answer(survey_y, self.resident_y, "Very dissatisfied")
        self.env.flush_all()
        Report = self.env["property.satisfaction.report"]
        by_building = Report._satisfaction_index(
            self.community_x, "2026-01-01", "2026-12-31", groupby="building_id"
        )
        self.assertEqual(by_building[self.building_x.id], (75.0, 2))
        self.assertEqual(by_building[building_x2.id], (25.0, 1))
        index = Report._satisfaction_index(
            self.community_x | self.community_y, "2026-01-01", "2026-12-31"
        )
        self.assertAlmostEqual(index[self.community_x.id][0], 175 / 3)
        self.assertNotIn(self.community_y.id, index)
        with freeze_time("2026-06-01 10:00:00"):
            self.community_x.invalidate_recordset(["satisfaction_index"])
            self.assertAlmostEqual(self.community_x.satisfaction_index, 58.3, 1)
            self.assertEqual(self.community_x.satisfaction_answer_count, 3)
        # Staff of community X see X's results only.
        self.assertEqual(
            set(Report.with_user(self.staff_x).search([]).mapped("community_id.id")),
            {self.community_x.id},
        )

    def test_invitation_emails_the_residents_with_email(self):
        self.survey.action_property_invite()
        mails = self.env["mail.mail"].search(
            [
                (
                    "recipient_ids",
                    "in",
                    (self.resident_a | self.resident_b).partner_id.ids,
                )
            ]
        )
        self.assertEqual(len(mails), 2)
        self.assertIn("/my/surveys", mails[0].body_html)
        self.assertTrue(self.survey.property_invited_at)
        empty = self.env["survey.survey"].create(
            {
                "title": "Empty",
                "access_mode": "token",
                "property_community_id": self.community_x.id,
            }
        )
        with self.assertRaisesRegex(UserError, "add questions"):
            empty.action_property_invite()

    def test_no_answer_for_residents_it_is_not_for(self):
        with self.assertRaisesRegex(UserError, "residents of Jade Lake Garden only"):
            self.survey._property_answer_for(self.resident_y.partner_id)
        self.assertFalse(self.survey.user_input_ids)
