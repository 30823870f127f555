from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from .common import HelpdeskCase


class TestDispatch(HelpdeskCase):
    def _plumbing(self, **values):
        return self._ticket(
            property_unit_id=self.unit_x1.id,
            category_id=self.cat_plumbing.id,
            **values,
        )

    def test_ticket_goes_to_the_community_team_of_its_specialty(self):
        general = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Desk X",
                "company_id": self.company.id,
                "property_community_id": self.community_x.id,
            }
        )
        self.assertEqual(self._plumbing().team_id, self.team_x)
        noise = self._ticket(
            property_unit_id=self.unit_x1.id, category_id=self.cat_noise.id
        )
        self.assertEqual(noise.team_id, general)
        other = self._ticket(property_unit_id=self.unit_y1.id)
        self.assertNotIn(other.team_id, self.team_x | general)

    def test_manual_assignment_leaves_the_technician_open(self):
        ticket = self._plumbing()
        self.assertNotIn(ticket.user_id, self.tech_1 | self.tech_2)

    def test_round_robin_takes_members_in_turn(self):
        self.team_x.property_assign_method = "round_robin"
        first, second, third = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Leak {i}",
                    "description": "<p>Leak</p>",
                    "property_unit_id": self.unit_x1.id,
                    "category_id": self.cat_plumbing.id,
                }
                for i in range(3)
            ]
        )
        self.assertEqual(first.user_id, self.tech_1)
        self.assertEqual(second.user_id, self.tech_2)
        self.assertEqual(third.user_id, self.tech_1)
        self.assertEqual(self._plumbing().user_id, self.tech_2)
        self.assertEqual(self.team_x.property_last_assigned_id, self.tech_2)

    def test_least_load_picks_the_member_with_fewest_open_tickets(self):
        self._plumbing(user_id=self.tech_1.id)
        self._plumbing(user_id=self.tech_1.id)
        closed = self._plumbing(user_id=self.tech_2.id)
        closed.stage_id = self.stage_done
        self._plumbing(user_id=self.tech_2.id)
        self.team_x.property_assign_method = "least_load"
        # tech_1 has two open tickets, tech_2 one (its closed one does not count)
        self.assertEqual(self._plumbing().user_id, self.tech_2)
        # now both have two: the tie goes to the first member
        self.assertEqual(self._plumbing().user_id, self.tech_1)

    def test_explicit_technician_wins_over_the_method(self):
        self.team_x.property_assign_method = "round_robin"
        self.assertEqual(self._plumbing(user_id=self.tech_2.id).user_id, self.tech_2)

    def test_staff_creating_ticket_triggers_assignment_without_team_rights(self):
        self.team_x.property_assign_method = "round_robin"
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.staff_x)
            .create(
                {
                    "name": "Pipe burst",
                    "description": "<p>Call from the resident</p>",
                    "property_unit_id": self.unit_x1.id,
                    "category_id": self.cat_plumbing.id,
                }
            )
        )
        self.assertEqual(ticket.user_id, self.tech_1)

    def test_work_and_parts_add_up(self):
        ticket = self._plumbing()
        ticket.write(
            {
                "property_work_ids": [
                    Command.create({"name": "Diagnosis", "hours": 0.5}),
                    Command.create(
                        {"name": "Tap cartridge", "part_qty": 1, "hours": 1.25}
                    ),
                ]
            }
        )
        self.assertEqual(ticket.property_work_hours, 1.75)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            ticket.property_work_ids[0].hours = -1

    def test_worklist_shows_my_tickets(self):
        mine = self._plumbing(user_id=self.tech_1.id)
        self._plumbing(user_id=self.tech_2.id)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_helpdesk.helpdesk_ticket_action_worklist"
        )
        Ticket = self.env["helpdesk.ticket"].with_user(self.tech_1)
        domain = safe_eval(action["domain"], {"uid": self.tech_1.id})
        self.assertEqual(Ticket.search(domain), mine)
        # The phone view loads for a technician.
        views = Ticket.get_views([(action["views"][0][0], "kanban")])
        self.assertIn("action_property_arrive", views["views"]["kanban"]["arch"])
