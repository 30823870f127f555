import base64
import json

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import HelpdeskCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
HTML = b"<html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
MB = 1024 * 1024


@tagged("post_install", "-at_install")
class TestPortalSecurity(HelpdeskCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._ticket(
            property_unit_id=cls.unit_x1.id,
            partner_id=cls.resident_a.partner_id.id,
            name="Tap of A",
        )
        cls.ticket_b = cls._ticket(
            property_unit_id=cls.unit_x2.id,
            partner_id=cls.resident_b.partner_id.id,
            name="Door of B jams",
        )
        cls.ticket_y = cls._ticket(property_unit_id=cls.unit_y1.id, name="Lift of Y")

    def _close(self, ticket, token=True, **kw):
        data = {"ticket_id": ticket.id, "stage_id": self.stage_cancelled.id, **kw}
        if token:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/ticket/close", data=data, allow_redirects=False)

    def _submit(self, files, **data):
        return self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Kitchen tap leaks",
                "description": "It drips all night.",
                "category": self.cat_plumbing.id,
                "property_location": f"unit-{self.unit_x1.id}",
                **data,
            },
            files=[("attachment", file) for file in files],
        )

    def _tickets_of_a(self):
        return self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.resident_a.partner_id.id)]
        )

    # Closing ------------------------------------------------------------
    def test_close_by_get_changes_nothing(self):
        self.authenticate("resident_a", "resident_a")
        response = self.url_open(
            f"/ticket/close?ticket_id={self.ticket_a.id}"
            f"&stage_id={self.stage_cancelled.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self.ticket_a.closed)

    @mute_logger("odoo.http")
    def test_close_without_csrf_token_is_refused(self):
        self.authenticate("resident_a", "resident_a")
        response = self._close(self.ticket_a, token=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.ticket_a.closed)
        response = self._close(self.ticket_a, token=False, csrf_token="forged")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.ticket_a.closed)

    def test_resident_withdraws_but_does_not_close_as_done(self):
        """Residents confirm that a repair is done, or reopen it: they may
        withdraw their request, not close it as done; the technician's
        e-mail and phone are not shown to them."""
        self.authenticate("resident_a", "resident_a")
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}")
        self.assertIn(f'value="{self.stage_cancelled.id}"', page.text)
        self.assertNotIn(f'name="stage_id" value="{self.stage_done.id}"', page.text)
        self.assertNotIn("mailto:", page.text)
        self._close(self.ticket_a, stage_id=self.stage_done.id)
        self.assertFalse(self.ticket_a.closed)

    def test_resident_closes_own_ticket_by_post(self):
        self.authenticate("resident_a", "resident_a")
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}")
        self.assertIn('action="/ticket/close"', page.text)
        self.assertRegex(page.text, r'<form method="POST"[^>]*action="/ticket/close"')
        response = self._close(self.ticket_a)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{self.ticket_a.id}")
        )
        self.assertTrue(self.ticket_a.closed)

    def test_other_tickets_cannot_be_closed(self):
        self.authenticate("resident_a", "resident_a")
        for ticket in (self.ticket_b, self.ticket_y):
            self.assertEqual(self._close(ticket).status_code, 404)
            self.assertFalse(ticket.closed)
        # A follower reads the ticket but does not close it for its resident.
        self.ticket_b.message_subscribe(partner_ids=self.resident_a.partner_id.ids)
        self.assertEqual(self._close(self.ticket_b).status_code, 404)
        self.assertFalse(self.ticket_b.closed)
        missing = self.env["helpdesk.ticket"].browse(999999999)
        self.assertEqual(self._close(missing).status_code, 404)
        self.assertEqual(self._close(self.ticket_b, stage_id="x").status_code, 404)

    def test_staff_of_another_community_cannot_close(self):
        self.authenticate("pm_staff_x", "pm_staff_x")
        self.assertEqual(self._close(self.ticket_y).status_code, 404)
        self.assertFalse(self.ticket_y.closed)

    # Reading routes with other people's ids -----------------------------
    def test_ticket_routes_answer_not_found_for_others_ids(self):
        self.authenticate("resident_a", "resident_a")
        for ticket in (self.ticket_b, self.ticket_y):
            response = self.url_open(f"/my/ticket/{ticket.id}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(ticket.name, response.text)
            for action in ("confirm", "reopen"):
                response = self.url_open(
                    f"/my/ticket/{ticket.id}/{action}",
                    data={
                        "csrf_token": http.Request.csrf_token(self),
                        "rating": "1",
                        "reason": "Spam",
                    },
                )
                self.assertEqual(response.status_code, 404)
        self.assertNotIn("Door of B jams", self.url_open("/my/tickets").text)

    def test_ticket_list_shows_a_former_homes_code_only(self):
        self.occupancy_a.date_end = "2024-12-31"
        self.authenticate("resident_a", "resident_a")
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.unit_x1.code, response.text)
        self.assertEqual(self.url_open(f"/my/units/{self.unit_x1.id}").status_code, 404)

    def test_state_changing_ticket_routes_refuse_get(self):
        self.authenticate("resident_a", "resident_a")
        self.ticket_a.stage_id = self.stage_done
        for action in ("confirm?rating=1", "reopen?reason=Again"):
            response = self.url_open(f"/my/ticket/{self.ticket_a.id}/{action}")
            self.assertEqual(response.status_code, 405)
        self.assertFalse(self.ticket_a.property_rating)
        self.assertTrue(self.ticket_a.closed)
        response = self.url_open(
            f"/submitted/ticket?subject=Forged&category={self.cat_plumbing.id}"
            f"&property_location=unit-{self.unit_x1.id}"
        )
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self._tickets_of_a(), self.ticket_a)

    def test_ticket_photos_are_shown_to_their_resident_only(self):
        photo = self.env["ir.attachment"].create(
            {
                "name": "leak.png",
                "raw": PNG,
                "res_model": "helpdesk.ticket",
                "res_id": self.ticket_a.id,
            }
        )
        self.authenticate("resident_b", "resident_b")
        response = self.url_open(f"/web/content/{photo.id}")
        self.assertEqual(response.status_code, 404)
        # /web/image answers a placeholder picture, never the photo.
        response = self.url_open(f"/web/image/{photo.id}")
        self.assertNotEqual(response.content, PNG)
        self.assertIn("placeholder", response.headers["Content-Disposition"])
        self.authenticate("resident_a", "resident_a")
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}")
        self.assertIn(f"/web/content/{photo.id}?download=true", page.text)
        response = self.url_open(
            f"/web/content/{photo.id}?access_token={photo.access_token}"
        )
        self.assertEqual(response.content, PNG)
        # The token of one file opens no other.
        other = photo.create(
            {
                "name": "door.png",
                "raw": PNG,
                "res_model": "helpdesk.ticket",
                "res_id": self.ticket_b.id,
            }
        )
        other.generate_access_token()
        response = self.url_open(
            f"/web/content/{other.id}?access_token={photo.access_token}"
        )
        self.assertIn(response.status_code, (403, 404))

    # Uploads ------------------------------------------------------------
    def test_portal_form_refuses_files_that_are_not_photos_or_pdf(self):
        self.authenticate("resident_a", "resident_a")
        for name, data in (
            ("page.html", HTML),
            ("drawing.svg", SVG),
            ("photo.png", SVG),
            ("setup.exe", EXE),
        ):
            with self.subTest(name=name):
                response = self._submit([(name, data, "image/png")])
                self.assertEqual(response.status_code, 400)
                self.assertIn(name, response.text)
                self.assertIn("photo or a PDF", response.text)
                self.assertEqual(self._tickets_of_a(), self.ticket_a)

    def test_portal_form_refuses_too_many_or_too_large_files(self):
        self.authenticate("resident_a", "resident_a")
        response = self._submit([(f"{i}.png", PNG, "image/png") for i in range(7)])
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 6", response.text)
        big = JPEG + b"\x00" * (11 * MB)
        response = self._submit([("big.jpg", big, "image/jpeg")])
        self.assertEqual(response.status_code, 400)
        self.assertIn("larger than 10 MB", response.text)
        self.assertEqual(self._tickets_of_a(), self.ticket_a)
        # The caps are the manager's settings.
        Param = self.env["ir.config_parameter"]
        Param.set_param("property_base.upload_max_count", "1")
        response = self._submit([(f"{i}.png", PNG, "image/png") for i in range(2)])
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 1", response.text)
        Param.set_param("property_base.upload_max_size_mb", "12")
        response = self._submit([("big.jpg", big, "image/jpeg")])
        self.assertEqual(response.status_code, 200)
        new = self._tickets_of_a() - self.ticket_a
        self.assertEqual(new.attachment_ids.mapped("name"), ["big.jpg"])

    def test_portal_form_judges_the_content_not_the_name(self):
        self.authenticate("resident_a", "resident_a")
        form = self.url_open("/new/ticket")
        self.assertIn("up to 6 photos (JPEG, PNG, GIF, WebP) or PDF", form.text)
        self.assertIn('accept="image/jpeg,image/png,image/gif,image/webp', form.text)
        response = self._submit(
            [("notes.txt", PNG, "text/plain"), ("quote.pdf", b"%PDF-1.4\n", "x/y")]
        )
        self.assertEqual(response.status_code, 200)
        new = self._tickets_of_a() - self.ticket_a
        self.assertEqual(
            sorted(new.attachment_ids.mapped("name")), ["notes.txt", "quote.pdf"]
        )

    def _chatter_upload(self, ticket, name, data, token=None):
        return self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "thread_id": ticket.id,
                "thread_model": "helpdesk.ticket",
                "is_pending": "true",
                **({"token": token} if token else {}),
            },
            files={"ufile": (name, data, "image/png")},
        )

    def test_portal_chatter_uploads_are_checked(self):
        token = self.ticket_a._portal_ensure_token()
        self.authenticate("resident_a", "resident_a")
        Attachment = self.env["ir.attachment"]
        before = Attachment.search_count([])
        for name, data in (("page.html", HTML), ("logo.png", SVG)):
            response = self._chatter_upload(self.ticket_a, name, data, token)
            self.assertEqual(response.status_code, 200)
            self.assertIn(name, json.loads(response.text)["error"])
        self.assertEqual(Attachment.search_count([]), before)
        response = self._chatter_upload(self.ticket_a, "leak.txt", PNG, token)
        self.assertNotIn("error", response.json())
        self.assertEqual(Attachment.search_count([]), before + 1)
        # Another resident's ticket: not found, with or without a token.
        for ticket_token in (None, token):
            response = self._chatter_upload(
                self.ticket_b, "leak.png", PNG, ticket_token
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(Attachment.search_count([]), before + 1)
