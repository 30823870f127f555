from datetime import date, timedelta

from odoo import Command, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from odoo.addons.property_billing.tests.common import BillingCase

DUE = date(2026, 1, 16)  # the January bill's due date


@tagged("post_install", "-at_install")
class TestFeeDisputeSecurity(BillingCase):
    """Community A is BillingCase's (its owner pays unit 0101); community B
    is another community of the same company, with its own payer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community_b = cls.env["property.community"].create(
            {"name": "Osmanthus Court", "code": "OSC", "company_id": cls.company.id}
        )
        building_b = cls.env["property.building"].create(
            {"name": "Building 9", "code": "9", "community_id": cls.community_b.id}
        )
        cls.payer_b = cls.env["res.partner"].create({"name": "李娜 (payer of B)"})
        cls.unit_b = cls.env["property.unit"].create(
            {"building_id": building_b.id, "number": "0901", "area": 100.0}
        )
        cls.env["property.occupancy"].create(
            {
                "unit_id": cls.unit_b.id,
                "partner_id": cls.payer_b.id,
                "role": "owner",
                "share": 100,
                "date_start": "2015-01-01",
            }
        )
        cls.staff_a = new_test_user(
            cls.env,
            login="dispute_staff_a",
            groups="property_base.group_property_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.staff_a.property_community_ids = cls.community
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaints A",
                "company_id": cls.company.id,
                "property_community_id": cls.community.id,
            }
        )

    def _complaint(self, user, **values):
        return (
            self.env["helpdesk.ticket"]
            .with_user(user)
            .create(
                {
                    "name": "收费不合理 (the fees are unfair)",
                    "description": "<p>The lift was broken for a month.</p>",
                    "team_id": self.team.id,
                    "property_kind": "complaint",
                    "property_fee_dispute": True,
                    **values,
                }
            )
        )

    def _holds(self, partner):
        return self.env["property.dunning.case"].search(
            [("partner_id", "=", partner.id), ("hold_type", "!=", False)]
        )

    @freeze_time("2026-01-20")
    def test_staff_cannot_pause_the_dunning_of_another_communitys_payer(self):
        # A unit of A with B's payer, B's unit, or no unit at all: refused.
        with self.assertRaisesRegex(UserError, "does not occupy unit"):
            self._complaint(
                self.staff_a,
                partner_id=self.payer_b.id,
                property_unit_id=self.unit.id,
            )
        with self.assertRaises(AccessError):
            self._complaint(
                self.staff_a,
                partner_id=self.payer_b.id,
                property_unit_id=self.unit_b.id,
            )
        with self.assertRaisesRegex(UserError, "choose the unit"):
            self._complaint(
                self.staff_a,
                partner_id=self.payer_b.id,
                property_community_id=self.community.id,
            )
        self.assertFalse(self._holds(self.payer_b))
        self.assertFalse(
            self.env["property.dunning.case"].search(
                [("partner_id", "=", self.payer_b.id)]
            )
        )
        # Nor by moving an objection of A's own payer to B's payer.
        ticket = self._complaint(
            self.staff_a, partner_id=self.owner.id, property_unit_id=self.unit.id
        )
        with self.assertRaisesRegex(UserError, "does not occupy unit"):
            ticket.write({"partner_id": self.payer_b.id})
        self.assertFalse(self._holds(self.payer_b))

    def test_the_dunning_run_still_reaches_the_other_payer(self):
        self._create_contract(unit=self.unit_b)
        self._run("2026-01-01")
        for segment in ("gentle", "standard", "firm"):
            self.env["property.dunning.policy"].create(
                {
                    "name": segment,
                    "segment": segment,
                    "company_id": self.company.id,
                    "level_ids": [
                        Command.create(
                            {
                                "name": "Call",
                                "trigger": "overdue",
                                "days": 1,
                                "action": "phone",
                            }
                        )
                    ],
                }
            )
        when = DUE + timedelta(days=5)
        with freeze_time(when):
            with self.assertRaises(UserError):
                self._complaint(
                    self.staff_a,
                    partner_id=self.payer_b.id,
                    property_unit_id=self.unit.id,
                )
            self.env["property.dunning.run"]._for_date(self.company, when).action_run()
        case = self.env["property.dunning.case"].search(
            [("partner_id", "=", self.payer_b.id)]
        )
        self.assertEqual(case.level_id.name, "Call")
        self.assertFalse(case.hold_type)
        self.assertNotIn("skip", case.event_ids.mapped("kind"))

    @freeze_time("2026-01-20")
    def test_staff_hold_for_their_own_payer_in_the_units_community(self):
        ticket = self._complaint(
            self.staff_a, partner_id=self.owner.id, property_unit_id=self.unit.id
        )
        case = self._holds(self.owner)
        self.assertEqual(case.hold_type, "dispute")
        self.assertEqual(case.community_id, self.community)
        self.assertEqual(case.dispute_ticket_id, ticket)
        note = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.owner.id),
                ("body", "ilike", "paused the dunning"),
            ]
        )
        self.assertEqual(len(note), 1)
        self.assertIn(self.staff_a.name, note.body)
        self.assertEqual(note.author_id, self.staff_a.partner_id)
        # A manager of another company cannot hold it either.
        other_company = self.env["res.company"].create({"name": "Blue Sky PM"})
        outsider = new_test_user(
            self.env,
            login="dispute_other_manager",
            groups="property_base.group_property_manager",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        with self.assertRaises(AccessError):
            self._complaint(
                outsider, partner_id=self.owner.id, property_unit_id=self.unit.id
            )

    def test_evidence_pack_escapes_formulas_typed_by_residents(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": '=HYPERLINK("http://evil.example","click")',
                "description": "<p>x</p>",
                "team_id": self.team.id,
                "partner_id": self.owner.id,
                "property_unit_id": self.unit.id,
                "property_kind": "complaint",
            }
        )
        case = self.env["property.dunning.case"].create(
            {"partner_id": self.owner.id, "company_id": self.company.id}
        )
        files = dict(case._property_evidence_files())
        tickets = files["04_service_tickets.csv"].decode()
        self.assertIn("'=HYPERLINK", tickets)
        self.assertNotIn(",=HYPERLINK", tickets)
        self.assertIn(ticket.number, tickets)


@tagged("post_install", "-at_install")
class TestFeeDisputePortal(BillingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident = cls._portal_user("dispute_resident")
        cls.home = cls._create_unit("0202", 90.0, cls.resident.partner_id)
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Fees", "company_id": False, "show_in_portal": True}
        )

    def test_residents_cannot_pause_their_dunning_from_the_portal(self):
        self.authenticate("dispute_resident", "dispute_resident")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Fees too high",
                "description": "I will not pay.",
                "category": self.category.id,
                "property_kind": "complaint",
                "property_location": f"unit-{self.home.id}",
                "property_fee_dispute": "1",
                "property_dispute_until": "2099-12-31",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.resident.partner_id.id)]
        )
        self.assertEqual(ticket.property_unit_id, self.home)
        self.assertFalse(ticket.property_fee_dispute)
        self.assertFalse(
            self.env["property.dunning.case"].search(
                [("partner_id", "=", self.resident.partner_id.id)]
            )
        )
        # Another community's unit is not found (only their own homes).
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Fees too high",
                "description": "I will not pay.",
                "category": self.category.id,
                "property_kind": "complaint",
                "property_location": f"unit-{self.unit.id}",
            },
        )
        self.assertEqual(response.status_code, 404)
