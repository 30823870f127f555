from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .test_event import EventCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


class TestAttachments(EventCase):
    """Files staff publish to residents with an announcement or a meeting."""

    def _file(self, name, raw, user=None, **values):
        return (
            self.env["ir.attachment"]
            .with_user(user or self.staff_x)
            .create(
                {
                    "name": name,
                    "raw": raw,
                    "res_model": "property.announcement",
                    "res_id": 0,
                    **values,
                }
            )
        )

    def _staff_announcement(self, files):
        return (
            self.env["property.announcement"]
            .with_user(self.staff_x)
            .create(
                {
                    "name": "Fire drill",
                    "body": "<p>Saturday at ten.</p>",
                    "community_id": self.community_x.id,
                    "attachment_ids": [Command.set(files.ids)],
                }
            )
        )

    def test_images_and_pdf_are_published(self):
        files = self._file("plan.png", PNG) | self._file("rules.pdf", b"%PDF-1.7\n")
        announcement = self._staff_announcement(files)
        self.assertEqual(announcement.attachment_ids, files)

    def test_other_kinds_of_files_are_refused_by_their_content(self):
        for name, raw in (
            ("notice.html", b"<html><script>alert(1)</script></html>"),
            ("plan.png", b"<html><body>not a picture</body></html>"),
            ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
            ("minutes.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ):
            with self.assertRaisesRegex(UserError, "not a JPEG, PNG"):
                self._staff_announcement(self._file(name, raw))
        announcement = self._staff_announcement(self._file("plan.png", PNG))
        with self.assertRaisesRegex(UserError, "not a JPEG, PNG"):
            announcement.with_user(self.staff_x).write(
                {"attachment_ids": [Command.link(self._file("x.svg", b"<svg/>").id)]}
            )
        self.assertEqual(len(announcement.attachment_ids), 1)
        meeting = self._event(property_kind="meeting")
        with self.assertRaisesRegex(UserError, "not a JPEG, PNG"):
            meeting.with_user(self.staff_x).write(
                {
                    "property_attachment_ids": [
                        Command.link(self._file("m.html", b"<p>x</p>").id)
                    ]
                }
            )
        meeting.with_user(self.staff_x).write(
            {
                "property_attachment_ids": [
                    Command.link(self._file("m.pdf", b"%PDF-").id)
                ]
            }
        )
        self.assertEqual(len(meeting.property_attachment_ids), 1)

    def test_too_large_and_too_many_files_are_refused(self):
        self.env["ir.config_parameter"].set_param("property_base.upload_max_size_mb", 1)
        with self.assertRaisesRegex(UserError, "larger than 1 MB"):
            self._staff_announcement(self._file("big.png", PNG + b"\0" * 1024 * 1024))
        files = self.env["ir.attachment"].union(
            *(self._file(f"page{n}.png", PNG) for n in range(7))
        )
        with self.assertRaisesRegex(UserError, "at most 6"):
            self._staff_announcement(files)
        announcement = self._staff_announcement(files[:6])
        with self.assertRaisesRegex(UserError, "at most 6"):
            announcement.with_user(self.staff_x).write(
                {"attachment_ids": [Command.link(files[6].id)]}
            )

    def test_nobody_publishes_a_file_they_may_not_read(self):
        suggestion_y = self.env["property.suggestion"]._portal_submit(
            self.resident_y.partner_id,
            self.community_y,
            {"name": "Y idea", "description": "Private photo"},
        )
        theirs = self.env["ir.attachment"].create(
            {
                "name": "private.png",
                "raw": PNG,
                "res_model": "property.suggestion",
                "res_id": suggestion_y.id,
            }
        )
        colleague = new_test_user(
            self.env,
            login="pm_colleague",
            groups="property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        draft = self._file("draft.png", PNG, user=colleague)
        for attachment in (theirs, draft):
            with self.assertRaises(AccessError):
                self._staff_announcement(attachment)
            with self.assertRaises(AccessError):
                self._event().with_user(self.staff_x).write(
                    {"property_attachment_ids": [Command.link(attachment.id)]}
                )
