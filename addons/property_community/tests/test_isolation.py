from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user

from .test_event import EventCase
from .test_survey import SurveyCase


@freeze_time("2026-09-01 08:00:00")
class TestIsolation(SurveyCase, EventCase):
    """Staff of community X against the records of community Y, of every
    model holding a community's data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Like every employee by Odoo's default: survey officer.
        cls.staff_x.groups_id = [
            Command.link(cls.env.ref("survey.group_survey_user").id)
        ]
        cls.staff_y = new_test_user(
            cls.env,
            login="pm_staff_y",
            groups="property_base.group_property_user,survey.group_survey_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.staff_y.property_community_ids = cls.community_y
        cls.announcement_y = cls._announcement(
            name="Y notice", community_id=cls.community_y.id
        )
        cls.announcement_y.action_publish()
        cls.recipient_y = cls.announcement_y.recipient_ids
        Suggestion = cls.env["property.suggestion"]
        cls.suggestion_y = Suggestion._portal_submit(
            cls.resident_y.partner_id,
            cls.community_y,
            {"name": "Y idea", "description": "Plant trees"},
        )
        cls.attachment_y = cls.env["ir.attachment"].create(
            {
                "name": "gate.png",
                "raw": b"\x89PNG\r\n\x1a\n",
                "res_model": "property.suggestion",
                "res_id": cls.suggestion_y.id,
            }
        )
        cls.message_y = cls.suggestion_y.message_post(
            body="Photo of the gate", attachment_ids=cls.attachment_y.ids
        )
        cls.training_y = cls.env["property.training"].create(
            {
                "course": "Lift rescue",
                "user_id": cls.staff_y.id,
                "community_id": cls.community_y.id,
                "company_id": cls.company.id,
            }
        )
        cls.event_y = cls._event(community=cls.community_y, name="Y Sports Day")
        cls.registration_y = cls.event_y._property_register(cls.resident_y.partner_id)
        cls.survey_y = cls._satisfaction_survey(cls.community_y)
        cls.answer_y = cls.survey_y._property_answer_for(cls.resident_y.partner_id)
        question = cls.survey_y.question_ids
        cls.answer_y._save_lines(question, str(question.suggested_answer_ids[0].id))
        cls.answer_y._mark_done()
        cls.env.flush_all()
        cls.report_y = cls.env["property.satisfaction.report"].search(
            [("community_id", "=", cls.community_y.id)]
        )

    def _records_of_y(self):
        return [
            self.announcement_y,
            self.recipient_y,
            self.suggestion_y,
            self.message_y,
            self.attachment_y,
            self.training_y,
            self.report_y,
            self.event_y,
            self.registration_y,
            self.survey_y,
            self.survey_y.question_ids,
            self.survey_y.question_ids.suggested_answer_ids[:1],
            self.answer_y,
            self.answer_y.user_input_line_ids,
        ]

    def test_records_of_y_exist(self):
        for record in self._records_of_y():
            self.assertEqual(len(record), 1, record._name)
        self.assertTrue(self.recipient_y.partner_id)

    def test_staff_read_nothing_of_another_community(self):
        for record in self._records_of_y():
            as_staff = record.with_user(self.staff_x)
            with self.assertRaises(AccessError, msg=record._name):
                as_staff.read(["display_name"])
            self.assertFalse(
                as_staff.search([("id", "=", record.id)]), f"{record._name} found"
            )

    def test_staff_write_nothing_of_another_community(self):
        values = {
            "property.announcement": {"pinned": True},
            "property.announcement.recipient": {"read_at": fields.Datetime.now()},
            "property.suggestion": {"answer": "Not ours"},
            "mail.message": {"body": "Changed"},
            "ir.attachment": {"name": "changed.png"},
            "property.training": {"note": "Changed"},
            "event.event": {"name": "Changed"},
            "event.registration": {"name": "Changed"},
            "survey.survey": {"title": "Changed"},
            "survey.question": {"title": "Changed"},
            "survey.question.answer": {"answer_score": 100},
            "survey.user_input": {"email": "changed@example.com"},
            "survey.user_input.line": {"answer_score": 100},
        }
        for record in self._records_of_y():
            if record._name not in values:
                continue
            with self.assertRaises(AccessError, msg=record._name):
                record.with_user(self.staff_x).write(values[record._name])
        with self.assertRaises(AccessError):
            self.suggestion_y.with_user(self.staff_x).message_post(body="Hello")

    def test_staff_delete_nothing_of_another_community(self):
        for record in self._records_of_y():
            if record._name == "property.satisfaction.report":
                continue
            with self.assertRaises(AccessError, msg=record._name):
                record.with_user(self.staff_x).unlink()
        self.assertTrue(self.suggestion_y.exists())

    def test_staff_create_nothing_in_another_community(self):
        y = self.community_y.id
        creates = [
            (
                "property.announcement",
                {"name": "For Y", "body": "<p>x</p>", "community_id": y},
            ),
            (
                "property.announcement.recipient",
                {
                    "announcement_id": self.announcement_y.id,
                    "partner_id": self.resident_a.partner_id.id,
                },
            ),
            (
                "property.suggestion",
                {"name": "x", "description": "x", "community_id": y},
            ),
            (
                "property.training",
                {"course": "x", "user_id": self.staff_x.id, "community_id": y},
            ),
            (
                "event.event",
                {
                    "name": "For Y",
                    "property_community_id": y,
                    "date_begin": "2026-09-25 10:00:00",
                    "date_end": "2026-09-25 13:00:00",
                },
            ),
            ("event.registration", {"event_id": self.event_y.id, "name": "Intruder"}),
            (
                "survey.survey",
                {"title": "For Y", "property_community_id": y, "access_mode": "token"},
            ),
            (
                "survey.question",
                {"title": "Extra", "survey_id": self.survey_y.id},
            ),
            ("survey.user_input", {"survey_id": self.survey_y.id}),
        ]
        for model, values in creates:
            # Survey refuses first, with a ValidationError (a UserError), a
            # survey its creator may not write.
            expected = UserError if model == "survey.survey" else AccessError
            with self.assertRaises(expected, msg=model):
                self.env[model].with_user(self.staff_x).create(values)
        self.assertFalse(self.env["survey.survey"].search([("title", "=", "For Y")]))

    def test_staff_move_nothing_to_another_community(self):
        y = self.community_y.id
        announcement = self._announcement()
        suggestion = self.env["property.suggestion"]._portal_submit(
            self.resident_a.partner_id,
            self.community_x,
            {"name": "X idea", "description": "Benches"},
        )
        event = self._event()
        survey = self._satisfaction_survey(self.community_x)
        moves = [
            (announcement, {"community_id": y}),
            (announcement, {"audience": "company", "community_id": False}),
            (suggestion, {"community_id": y}),
            (event, {"property_community_id": y}),
            (survey, {"property_community_id": y}),
        ]
        for record, values in moves:
            with self.assertRaises(AccessError, msg=f"{record._name} {values}"):
                record.with_user(self.staff_x).write(values)
        self.assertEqual(announcement.community_id, self.community_x)
        self.assertEqual(event.property_community_id, self.community_x)

    def test_managers_read_the_surveys_of_their_company_only(self):
        survey_z = self._satisfaction_survey(self.community_z)
        self.assertEqual(
            self.survey_y.with_user(self.manager).read(["title"])[0]["title"],
            "Satisfaction 2026",
        )
        self.answer_y.with_user(self.manager).read(["scoring_percentage"])
        with self.assertRaises(AccessError):
            survey_z.with_user(self.manager).read(["title"])

    def test_employees_outside_property_read_no_residents_answers(self):
        employee = new_test_user(
            self.env,
            login="hr_officer",
            groups="base.group_user,survey.group_survey_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        own = self.env["survey.survey"].create({"title": "Canteen feedback"})
        Survey = self.env["survey.survey"].with_user(employee)
        self.assertIn(own, Survey.search([]))
        self.assertNotIn(self.survey_y, Survey.search([]))
        with self.assertRaises(AccessError):
            self.answer_y.with_user(employee).read(["scoring_percentage"])

    # Things residents rely on --------------------------------------------------

    def test_status_and_authorship_of_a_suggestion_change_by_the_buttons_only(self):
        suggestion = self.env["property.suggestion"]._portal_submit(
            self.resident_a.partner_id,
            self.community_x,
            {"name": "Quiet please", "description": "Noise at night"},
            anonymous=True,
        )
        as_staff = suggestion.with_user(self.staff_x)
        for values in (
            {"is_anonymous": False},
            {"state": "answered"},
            {"date_answered": "2026-09-01 08:00:00"},
        ):
            with self.assertRaisesRegex(UserError, "cannot be edited directly"):
                as_staff.write(values)
        self.assertFalse(as_staff.partner_id)
        with self.assertRaises(AccessError):
            suggestion.with_user(self.resident_a).write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            self.env["property.suggestion"].with_user(self.staff_x).create(
                {
                    "name": "Done already",
                    "description": "x",
                    "community_id": self.community_x.id,
                    "state": "answered",
                }
            )
        as_staff.action_review()
        self.assertEqual(suggestion.state, "review")

    def test_announcement_status_and_receipts_change_by_the_actions_only(self):
        announcement = self._announcement(is_important=True)
        announcement.action_publish()
        as_staff = announcement.with_user(self.staff_x)
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            as_staff.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            self.env["property.announcement"].with_user(self.staff_x).create(
                {
                    "name": "Sneaky",
                    "body": "<p>x</p>",
                    "community_id": self.community_x.id,
                    "state": "scheduled",
                    "date_publish": "2026-09-01 07:00:00",
                }
            )
        receipt = announcement.recipient_ids[:1]
        for user in (self.staff_x, self.manager, self.resident_a):
            with self.assertRaises(AccessError):
                receipt.with_user(user).write({"acknowledged_at": "2026-09-01"})
        self.assertFalse(receipt.acknowledged_at)
        as_staff.action_expire()
        self.assertEqual(announcement.state, "expired")

    def test_survey_answers_keep_their_community_and_building(self):
        answer = self._answer(self.survey, self.resident_a, "Satisfied")
        as_manager = answer.with_user(self.manager)
        for values in (
            {"property_community_id": self.community_y.id},
            {"property_building_id": self.building_y.id},
            {"property_anonymous": False},
        ):
            with self.assertRaisesRegex(UserError, "cannot be edited directly"):
                as_manager.write(values)
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            self.env["survey.user_input"].with_user(self.manager).create(
                {
                    "survey_id": self.survey_y.id,
                    "property_community_id": self.community_x.id,
                }
            )
        self.assertEqual(answer.property_building_id, self.building_x)


class TestCompanyMove(EventCase):
    def test_staff_cannot_hand_an_event_to_another_company(self):
        """Record rules hold after the write too: staff cannot move their
        community's event to a company they do not work in."""
        event = self._event()
        self.staff_x.groups_id |= self.env.ref("event.group_event_manager")
        self.staff_x.company_ids |= self.other_company
        staff_event = event.with_user(self.staff_x).with_context(
            allowed_company_ids=[self.company.id]
        )
        with self.assertRaises(AccessError):
            staff_event.write({"company_id": self.other_company.id})
        self.assertEqual(event.company_id, self.company)
