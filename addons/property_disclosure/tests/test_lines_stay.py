from odoo.exceptions import UserError

from .common import DisclosureCase


class TestLinesStay(DisclosureCase):
    """A proposed rate belongs to its vote: it never moves to another one, so
    an announced or approved vote cannot gain a rate the owners did not see."""

    def test_a_rate_cannot_move_to_another_vote(self):
        announced = self._create_vote()
        draft = self._create_vote()
        rate = self.env["property.vote.rate"].create(
            {
                "vote_id": draft.id,
                "name": "Property fee",
                "current_rate": 1.0,
                "proposed_rate": 99.0,
            }
        )
        announced.action_open()
        with self.assertRaises(UserError):
            rate.with_user(self.staff_x).write({"vote_id": announced.id})
        self.assertEqual(rate.vote_id, draft)
        self.assertNotIn(rate, announced.rate_ids)
