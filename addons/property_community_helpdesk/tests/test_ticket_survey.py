from odoo import Command
from odoo.exceptions import ValidationError

from odoo.addons.property_base.tests.common import PropertyCase


class TestTicketSurvey(PropertyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._portal_user("survey_after_ticket")
        building = cls._create_building(cls.community_x, "S")
        cls.unit = cls._create_unit(building, "0101", 80.0)
        cls._occupy(cls.unit, cls.resident.partner_id, "owner", share=100)
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "维修满意度 (repair satisfaction)",
                "property_community_id": cls.community_x.id,
                "access_mode": "token",
                "question_ids": [
                    Command.create(
                        {"title": "How did we do?", "question_type": "text_box"}
                    )
                ],
            }
        )
        cls.company = cls.community_x.company_id
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Repairs", "company_id": cls.company.id}
        )
        cls.closed = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        cls.open_stage = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", False)], limit=1
        )

    def _ticket(self):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Door lock broken",
                "description": "<p>The lock is stuck</p>",
                "team_id": self.team.id,
                "company_id": self.company.id,
                "partner_id": self.resident.partner_id.id,
                "property_unit_id": self.unit.id,
                "property_kind": "repair",
            }
        )

    def _invitations(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: (
                self.resident.partner_id in m.partner_ids
                and f"/my/surveys/{self.survey.id}" in (m.body or "")
            )
        )

    def test_invited_once_when_closed(self):
        self.community_x.ticket_survey_id = self.survey
        ticket = self._ticket()
        self.assertFalse(self._invitations(ticket))
        ticket.stage_id = self.closed
        self.assertEqual(len(self._invitations(ticket)), 1)
        self.assertTrue(ticket.property_survey_sent)
        # Reopened and closed again: not asked twice.
        ticket.stage_id = self.open_stage
        ticket.stage_id = self.closed
        self.assertEqual(len(self._invitations(ticket)), 1)

    def test_no_survey_configured(self):
        ticket = self._ticket()
        ticket.stage_id = self.closed
        self.assertFalse(ticket.property_survey_sent)
        self.assertFalse(self._invitations(ticket))

    def test_staff_without_survey_rights_close_the_ticket(self):
        self.community_x.ticket_survey_id = self.survey
        ticket = self._ticket()
        # Nothing read as the administrator helps the staff member.
        self.env.invalidate_all()
        ticket.with_user(self.staff_x).stage_id = self.closed
        self.assertEqual(len(self._invitations(ticket)), 1)

    def test_survey_of_another_community_is_refused(self):
        survey_y = self.survey.copy({"property_community_id": self.community_y.id})
        with self.assertRaisesRegex(ValidationError, "choose a survey of this"):
            self.community_x.ticket_survey_id = survey_y
