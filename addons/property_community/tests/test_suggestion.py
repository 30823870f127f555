from unittest.mock import patch

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, UserError

from .common import CommunityCase


class TestSuggestion(CommunityCase):
    def _submit(self, resident, community=None, anonymous=False, **values):
        return self.env["property.suggestion"]._portal_submit(
            resident.partner_id,
            community or self.community_x,
            {
                "name": "More benches",
                "description": "Please put benches near the pond.",
                "category": "environment",
                **values,
            },
            anonymous=anonymous,
        )

    def test_named_suggestion_shows_its_author(self):
        suggestion = self._submit(self.resident_a)
        as_staff = suggestion.with_user(self.staff_x)
        self.assertEqual(as_staff.partner_id, self.resident_a.partner_id)
        self.assertIn(self.resident_a.partner_id, suggestion.message_partner_ids)

    def test_anonymous_suggestion_never_reveals_its_author_to_staff(self):
        suggestion = self._submit(self.resident_a, anonymous=True)
        resident = self.resident_a.partner_id
        for user in (self.staff_x, self.manager):
            as_staff = suggestion.with_user(user)
            values = as_staff.read(["partner_id", "create_uid", "write_uid"])[0]
            self.assertFalse(values["partner_id"])
            self.assertEqual(values["create_uid"][0], SUPERUSER_ID)
            self.assertEqual(values["write_uid"][0], SUPERUSER_ID)
            with self.assertRaises(AccessError):
                as_staff.read(["author_id"])
            with self.assertRaises(AccessError):
                self.env["property.suggestion"].with_user(user).search(
                    [("author_id", "=", resident.id)]
                )
            self.assertNotIn("author_id", as_staff.fields_get())
            self.assertNotIn(resident, as_staff.message_partner_ids)
            self.assertNotIn(resident, as_staff.message_ids.author_id)
        # Staff answering does not reveal it either, nor notify by message.
        suggestion.with_user(self.staff_x).write({"answer": "Benches ordered."})
        suggestion.with_user(self.staff_x).action_answer()
        self.assertFalse(
            suggestion.message_ids.filtered(lambda m: resident in m.partner_ids)
        )
        # The resident still follows it in the portal.
        mine = self.env["property.suggestion"].with_user(self.resident_a).search([])
        self.assertEqual(mine, suggestion)
        self.assertEqual(mine.state, "answered")
        self.assertEqual(mine.answer, "Benches ordered.")

    def test_bad_input_creates_nothing(self):
        Suggestion = self.env["property.suggestion"]
        with self.assertRaisesRegex(UserError, "subject and describe"):
            self._submit(self.resident_a, name="  ")
        with self.assertRaisesRegex(UserError, "topic from the list"):
            self._submit(self.resident_a, category="bribe")
        self.assertFalse(
            Suggestion.search([("community_id", "=", self.community_x.id)])
        )

    def test_answer_needs_text_and_reaches_a_named_author(self):
        suggestion = self._submit(self.resident_a)
        suggestion.with_user(self.staff_x).action_review()
        self.assertEqual(suggestion.state, "review")
        self.assertEqual(suggestion.user_id, self.staff_x)
        with self.assertRaisesRegex(UserError, "write the answer"):
            suggestion.with_user(self.staff_x).action_answer()
        suggestion.answer = "Benches ordered."
        suggestion.with_user(self.staff_x).action_answer()
        self.assertEqual(suggestion.state, "answered")
        self.assertTrue(suggestion.date_answered)
        message = suggestion.message_ids.filtered(
            lambda m: self.resident_a.partner_id in m.partner_ids
        )
        self.assertIn("Benches ordered.", message.body)

    def test_residents_and_staff_see_only_their_suggestions(self):
        mine = self._submit(self.resident_a)
        neighbours = self._submit(self.resident_b)
        other_community = self._submit(self.resident_y, community=self.community_y)
        self.assertEqual(
            self.env["property.suggestion"].with_user(self.resident_a).search([]),
            mine,
        )
        for record in (neighbours, other_community):
            with self.assertRaises(AccessError):
                record.with_user(self.resident_a).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.resident_a).write({"state": "closed"})
        self.assertEqual(
            self.env["property.suggestion"].with_user(self.staff_x).search([]),
            mine | neighbours,
        )
        with self.assertRaises(AccessError):
            other_community.with_user(self.staff_x).read(["name"])

    def test_work_ticket_reference_lists_installed_models_only(self):
        Suggestion = self.env["property.suggestion"]
        with patch.object(
            type(Suggestion),
            "_ticket_models",
            return_value=("res.partner", "no.such.model"),
        ):
            self.assertEqual(
                [model for model, _label in Suggestion._selection_ticket_ref()],
                ["res.partner"],
            )
            suggestion = self._submit(self.resident_a)
            suggestion.ticket_ref = self.resident_b.partner_id
            action = suggestion.action_open_ticket()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["res_id"], self.resident_b.partner_id.id)
        with self.assertRaisesRegex(UserError, "No work ticket"):
            self._submit(self.resident_b).action_open_ticket()
