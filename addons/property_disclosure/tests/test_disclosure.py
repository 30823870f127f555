import hashlib
import json

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time

from .common import DisclosureCase

OVERLAY = (
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%;'
    'z-index:9999;background:#fff">Pay your fees to account 6222 0000</div>'
    "<script>alert('owned')</script>"
    '<img src="x" onerror="alert(1)">'
    '<iframe src="https://evil.example"></iframe>'
    '<object data="https://evil.example/x.swf"></object>'
    '<form action="https://evil.example"><input name="password"></form>'
    "<p>Dear owners</p>"
)
# Traces of each of them in HTML.
UNSAFE = (
    "position:fixed",
    "z-index",
    "<script",
    "alert(",
    "onerror",
    "<iframe",
    "<object",
    "evil.example",
)


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
        for user in (self.env.user, self.staff_x, self.manager):
            published = disclosure.with_user(user)
            for values in (
                {"name": "Changed"},
                {"intro": "<p>Changed</p>"},
                {"publish_to": "2026-08-10"},
                {"publish_from": "2026-04-01"},
            ):
                with (
                    self.subTest(user=user.login, values=values),
                    self.assertRaisesRegex(UserError, "frozen"),
                ):
                    published.write(values)
            for values in (
                {"state": "draft"},
                {"body": "<p>Other figures</p>"},
                {"content_digest": "0" * 64},
                {"state": "superseded", "version": 9},
            ):
                # A context key a client may send switches nothing off.
                for context in ({}, {"property_disclosure_action": True}):
                    with (
                        self.subTest(user=user.login, values=values, ctx=context),
                        self.assertRaisesRegex(UserError, "cannot be written"),
                    ):
                        published.with_context(**context).write(values)
            # Staff may not delete disclosures at all; nobody deletes these.
            with self.assertRaises(UserError):
                published.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            disclosure.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "already published"):
            disclosure.action_publish()
        self.assertEqual(disclosure.state, "published")
        self.assertEqual(str(disclosure.publish_to), "2026-07-10")

    def test_published_state_is_set_by_publish_only(self):
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self._create_disclosure(state="published", body="<p>Invented</p>")
        draft = self._create_disclosure()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            draft.with_user(self.staff_x).write({"state": "published"})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            draft.with_context(default_state="published").copy()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            draft.with_user(self.manager).write({"previous_id": draft.id})
        self.assertEqual(draft.state, "draft")

    def _expected_digest(self, disclosure):
        """The digest, recomputed from the stored content as documented in
        ``_canonical_content``."""
        disclosure.invalidate_recordset()
        content = {
            "community_id": disclosure.community_id.id,
            "name": disclosure.name,
            "period_type": disclosure.period_type,
            "year": disclosure.year,
            "period_number": disclosure.period_number,
            "date_from": str(disclosure.date_from),
            "date_to": str(disclosure.date_to),
            "version": disclosure.version,
            "previous_id": disclosure.previous_id.id or None,
            "correction_reason": disclosure.correction_reason or None,
            "intro": str(disclosure.intro) if disclosure.intro else None,
            "body": str(disclosure.body),
            "publish_from": str(disclosure.publish_from),
            "publish_to": str(disclosure.publish_to) if disclosure.publish_to else None,
            "published_at": fields.Datetime.to_string(disclosure.published_at),
            "published_by_id": disclosure.published_by_id.id,
        }
        serialized = json.dumps(
            content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(serialized.encode()).hexdigest()

    def test_digest_of_the_published_content(self):
        disclosure = self._create_disclosure(intro="<p>致业主：第一季度公示</p>")
        disclosure.with_user(self.staff_x).action_publish()
        digest = disclosure.content_digest
        self.assertRegex(digest, "^[0-9a-f]{64}$")
        self.assertEqual(digest, self._expected_digest(disclosure))
        # The digest covers the publish window and the figures: any change to
        # the stored content shows.
        self.env.cr.execute(
            "UPDATE property_disclosure SET publish_to = '2027-01-01' WHERE id = %s",
            [disclosure.id],
        )
        self.assertNotEqual(digest, self._expected_digest(disclosure))

    def test_published_figures_are_a_snapshot(self):
        """What a published disclosure shows does not follow its sources: a
        change to them reaches the next disclosure or a correction."""
        disclosure = self._create_disclosure()
        disclosure.action_publish()
        body, digest = disclosure.body, disclosure.content_digest
        self.env["property.service.standard"].search(
            [("community_id", "=", self.community_x.id)]
        ).write({"standard": "Swept once a week"})
        self.env["property.fee.composition"].search(
            [("community_id", "=", self.community_x.id)]
        ).line_ids.amount = 9999
        self.env["property.common.income"].create(
            {
                "name": "Parking",
                "community_id": self.community_x.id,
                "date": "2026-02-15",
                "source": "parking",
                "amount": 777,
            }
        )
        disclosure.invalidate_recordset()
        self.assertEqual(disclosure.body, body)
        self.assertNotIn("Swept once a week", disclosure.body)
        self.assertEqual(disclosure._content_digest(), digest)
        correction = self._correct(disclosure)
        correction.action_publish()
        self.assertIn("Swept once a week", correction.body)
        self.assertIn("9,999.00", correction.body)
        self.assertNotEqual(correction.content_digest, digest)
        self.assertEqual(disclosure.body, body)

    def test_html_is_sanitized(self):
        disclosure = self._create_disclosure(intro=OVERLAY)
        self.assertIn("Dear owners", disclosure.intro)
        for trace in UNSAFE:
            self.assertNotIn(trace, disclosure.intro)
        self.assertNotIn("<form", disclosure.intro)
        vote = self._create_vote(justification=OVERLAY)
        for trace in UNSAFE:
            self.assertNotIn(trace, vote.justification)
        # Stored before these rules, or from elsewhere: sanitized when shown.
        disclosure.action_publish()
        self.env.cr.execute(
            "UPDATE property_disclosure SET intro = %s, body = %s WHERE id = %s",
            [OVERLAY, OVERLAY, disclosure.id],
        )
        disclosure.invalidate_recordset()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "property_disclosure.action_report_property_disclosure", disclosure.ids
        )
        # The disclosure's part of the page (the report's own scripts aside).
        page = html.decode().split('<div class="page">', 1)[1]
        self.assertIn("Dear owners", page)
        for trace in UNSAFE:
            self.assertNotIn(trace, page)

    def test_correction_is_a_new_version_and_supersedes(self):
        first = self._create_disclosure()
        first.action_publish()
        action = first.action_correct()
        self.assertEqual(action["res_model"], "property.disclosure.correct")
        wizard = self.env[action["res_model"]].with_context(**action["context"])
        with self.assertRaisesRegex(UserError, "corrects and why"):
            wizard.create({"reason": "  "}).action_confirm()
        second = self._correct(first, "Cleaning cost of March was missing")
        self.assertEqual(second.previous_id, first)
        self.assertEqual(second.version, 2)
        self.assertEqual(second.state, "draft")
        self.assertEqual(second.correction_reason, "Cleaning cost of March was missing")
        # Asking again opens the same draft.
        self.assertEqual(first.action_correct()["res_id"], second.id)
        with self.assertRaisesRegex(UserError, "already being prepared"):
            first._create_correction("Another one")
        self.assertFalse(first.superseded_by_id)
        second.correction_reason = " "
        with self.assertRaisesRegex(UserError, "correction reason"):
            second.action_publish()
        self.assertEqual(first.state, "published")
        second.correction_reason = "Cleaning cost of March was missing"
        second.with_user(self.staff_x).action_publish()
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.superseded_by_id, second)
        self.assertEqual(second.state, "published")
        with self.assertRaisesRegex(UserError, "current published version"):
            first.action_correct()
        with self.assertRaisesRegex(UserError, "frozen"):
            first.with_user(self.manager).write({"name": "Rewritten"})

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
