import base64

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.property_base.tools import check_uploads

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 16
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
MB = 1024 * 1024


class TestUploads(TransactionCase):
    def _set(self, key, value):
        self.env["ir.config_parameter"].set_param(f"property_base.{key}", value)

    def test_images_and_pdf_are_accepted_whatever_their_name(self):
        check_uploads(
            self.env,
            [
                ("leak.jpg", JPEG),
                ("notes.txt", PNG),  # a PNG is judged by its content
                ("lift.gif", GIF),
                ("door", WEBP),
                ("quote.pdf", PDF),
            ],
        )

    def test_other_content_is_refused_with_the_file_name(self):
        for name, data in (
            ("page.html", HTML),
            ("photo.png", HTML),
            ("drawing.svg", SVG),
            ("photo.jpg", SVG),
            ("setup.exe", EXE),
            ("photo.png", ELF),
            ("empty.jpg", b""),
        ):
            with self.subTest(name=name), self.assertRaises(UserError) as capture:
                check_uploads(self.env, [("leak.jpg", JPEG), (name, data)])
            self.assertIn(name, str(capture.exception))
            self.assertIn("photo or a PDF", str(capture.exception))

    def test_size_and_count_caps(self):
        check_uploads(self.env, [("big.jpg", JPEG + b"\x00" * (10 * MB - len(JPEG)))])
        with self.assertRaises(UserError) as capture:
            check_uploads(self.env, [("huge.jpg", JPEG + b"\x00" * (11 * MB))])
        self.assertIn("huge.jpg", str(capture.exception))
        self.assertIn("10 MB", str(capture.exception))
        check_uploads(self.env, [(f"{i}.png", PNG) for i in range(6)])
        with self.assertRaisesRegex(UserError, "7 files, at most 6"):
            check_uploads(self.env, [(f"{i}.png", PNG) for i in range(7)])

    def test_caps_follow_the_settings(self):
        self._set("upload_max_size_mb", "20")
        self._set("upload_max_count", "2")
        check_uploads(self.env, [("huge.jpg", JPEG + b"\x00" * (11 * MB))])
        with self.assertRaisesRegex(UserError, "3 files, at most 2"):
            check_uploads(self.env, [(f"{i}.png", PNG) for i in range(3)])
        self._set("upload_max_size_mb", "1")
        with self.assertRaisesRegex(UserError, "larger than 1 MB"):
            check_uploads(self.env, [("two.jpg", JPEG + b"\x00" * (2 * MB))])
        # Nonsense in the parameter falls back to the defaults.
        self._set("upload_max_size_mb", "lots")
        self._set("upload_max_count", "-3")
        check_uploads(self.env, [(f"{i}.png", PNG) for i in range(6)])
        with self.assertRaisesRegex(UserError, "at most 6"):
            check_uploads(self.env, [(f"{i}.png", PNG) for i in range(7)])

    def test_caps_read_for_residents(self):
        resident = new_test_user(self.env, login="uploader", groups="base.group_portal")
        env = self.env(user=resident)
        with self.assertRaisesRegex(UserError, "page.html"):
            check_uploads(env, [("page.html", HTML)])
        check_uploads(env, [("leak.png", PNG)])

    def test_managers_set_the_caps_in_the_settings(self):
        admin = new_test_user(
            self.env,
            login="pm_admin",
            groups="base.group_system,property_base.group_property_manager",
        )
        Settings = self.env["res.config.settings"].with_user(admin)
        Settings.create(
            {"property_upload_max_size_mb": 4, "property_upload_max_count": 3}
        ).execute()
        Param = self.env["ir.config_parameter"]
        self.assertEqual(Param.get_param("property_base.upload_max_size_mb"), "4")
        self.assertEqual(Param.get_param("property_base.upload_max_count"), "3")
        with self.assertRaisesRegex(ValidationError, "positive numbers"):
            Settings.create({"property_upload_max_count": 0})
        self.assertEqual(Param.get_param("property_base.upload_max_count"), "3")
