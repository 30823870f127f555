from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time

from .common import DisclosureCase


class TestDisclosure(DisclosureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["property.service.standard"].create(
            {
                "community_id": cls.community_x.id,
                "name": "Stairwell cleaning",
                "standard": "Swept and mopped",
                "frequency": "Daily",
                "responsible": "吴雪梅",
                "contact": "0571-8888 6601",
            }
        )
        cls.env["property.fee.composition"].create(
            {
                "community_id": cls.community_x.id,
                "year": 2026,
                "line_ids": [
                    Command.create({"category_id": cls.cat_staff.id, "amount": 4800})
                ],
            }
        )
        cls.env["property.fund.move"].create(
            {
                "name": "首期交存",
                "community_id": cls.community_x.id,
                "building_id": cls.building_x.id,
                "date": "2026-02-01",
                "amount": 12345.67,
            }
        ).action_post()

    def test_period_dates(self):
        cases = [
            ("quarter", 1, "2026-01-01", "2026-03-31"),
            ("quarter", 4, "2026-10-01", "2026-12-31"),
            ("half", 2, "2026-07-01", "2026-12-31"),
            ("year", 0, "2026-01-01", "2026-12-31"),
        ]
        for period_type, number, start, end in cases:
            with self.subTest(period_type=period_type, number=number):
                disclosure = self._create_disclosure(
                    period_type=period_type, period_number=number
                )
                self.assertEqual(str(disclosure.date_from), start)
                self.assertEqual(str(disclosure.date_to), end)
                disclosure.unlink()
        with self.assertRaisesRegex(ValidationError, "quarter from 1 to 4"):
            self._create_disclosure(period_number=5)

    def test_publish_freezes_the_content(self):
        disclosure = self._create_disclosure()
        disclosure.action_publish()
        self.assertEqual(disclosure.state, "published")
        self.assertEqual(disclosure.version, 1)
        self.assertIn("Stairwell cleaning", disclosure.body)
        self.assertIn("12,345.67", disclosure.body)
        self.assertIn("4,800.00", disclosure.body)
        # Later changes to the figures do not reach the published content.
        self.env["property.fund.move"].create(
            {
                "name": "补交",
                "community_id": self.community_x.id,
                "date": "2026-02-02",
                "amount": 1000,
            }
        ).action_post()
        self.assertIn("12,345.67", disclosure.body)
        with self.assertRaisesRegex(UserError, "frozen"):
            disclosure.name = "Changed"
        with self.assertRaisesRegex(UserError, "frozen"):
            disclosure.intro = "<p>Changed</p>"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            disclosure.unlink()
        with self.assertRaisesRegex(UserError, "already published"):
            disclosure.action_publish()
        # The end of the window may still move; the change is tracked.
        disclosure.publish_to = "2026-08-10"

    def test_correction_is_a_new_version_and_supersedes(self):
        first = self._create_disclosure()
        first.action_publish()
        action = first.action_correct()
        second = self.env["property.disclosure"].browse(action["res_id"])
        self.assertEqual(second.previous_id, first)
        self.assertEqual(second.version, 2)
        self.assertEqual(second.state, "draft")
        # Asking again opens the same draft.
        self.assertEqual(first.action_correct()["res_id"], second.id)
        with self.assertRaisesRegex(UserError, "correction reason"):
            second.action_publish()
        self.assertEqual(first.state, "published")
        second.correction_reason = "Cleaning cost of March was missing"
        second.action_publish()
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.superseded_by_id, second)
        self.assertEqual(second.state, "published")
        with self.assertRaisesRegex(UserError, "current published version"):
            first.action_correct()

    def test_publish_window(self):
        with self.assertRaisesRegex(ValidationError, "publish window"):
            self._create_disclosure(publish_from="2026-05-01", publish_to="2026-04-30")
        disclosure = self._create_disclosure()
        with freeze_time("2026-05-01"):
            self.assertFalse(disclosure.is_visible)
            disclosure.action_publish()
            self.assertTrue(disclosure.is_visible)
        Disclosure = self.env["property.disclosure"]
        for day, visible in (
            ("2026-04-09", False),
            ("2026-04-10", True),
            ("2026-07-10", True),
            ("2026-07-11", False),
        ):
            with self.subTest(day=day), freeze_time(day):
                disclosure.invalidate_recordset(["is_visible"])
                self.assertEqual(disclosure.is_visible, visible)
                self.assertEqual(
                    bool(
                        Disclosure.search(
                            [("id", "=", disclosure.id), ("is_visible", "=", True)]
                        )
                    ),
                    visible,
                )

    def test_reads_and_acknowledgements(self):
        disclosure = self._create_disclosure()
        disclosure.action_publish()
        partner_a = self.resident_a.partner_id
        disclosure._mark_read(partner_a)
        disclosure._mark_read(partner_a)
        disclosure._mark_read(self.resident_b.partner_id, acknowledge=True)
        self.assertEqual(disclosure.read_count, 2)
        self.assertEqual(disclosure.ack_count, 1)
        disclosure._mark_read(partner_a, acknowledge=True)
        disclosure.invalidate_recordset(["read_count", "ack_count"])
        self.assertEqual(disclosure.ack_count, 2)

    def test_bulletin_board_report(self):
        disclosure = self._create_disclosure()
        disclosure.action_publish()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "property_disclosure.action_report_property_disclosure", disclosure.ids
        )
        self.assertIn("Stairwell cleaning", html.decode())
        self.assertIn(self.community_x.disclosure_token, html.decode())
