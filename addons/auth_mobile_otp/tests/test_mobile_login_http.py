import re
from unittest.mock import patch
from urllib.parse import urlparse

from odoo.tests import HttpCase, tagged

from ..controllers import main as controller
from ..models import auth_mobile_otp
from .common import MobileOtpCaseMixin

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestMobileLoginHttp(MobileOtpCaseMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_mobile_users()

    def setUp(self):
        super().setUp()
        patcher = patch.object(controller, "MIN_SEND_SECONDS", 0)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _csrf(self, url="/web/login/mobile"):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return CSRF.search(page.text)[1]

    def _send(self, mobile, redirect=""):
        return self.url_open(
            "/web/login/mobile/send",
            data={"csrf_token": self._csrf(), "mobile": mobile, "redirect": redirect},
        )

    def _verify(self, mobile, code, redirect=""):
        return self.url_open(
            "/web/login/mobile/verify",
            data={
                "csrf_token": self._csrf(),
                "mobile": mobile,
                "code": code,
                "redirect": redirect,
            },
            allow_redirects=False,
        )

    def _session_user(self):
        """Whether the browser is signed in: /my answers instead of
        redirecting to the login page."""
        return self.url_open("/my", allow_redirects=False).status_code == 200

    def test_login_page_links_to_mobile_sign_in(self):
        page = self.url_open("/web/login?redirect=/my/home")
        self.assertIn("/web/login/mobile?redirect=%2Fmy%2Fhome", page.text)
        page = self.url_open("/web/login/mobile")
        self.assertIn('name="mobile"', page.text)
        self.assertIn('action="/web/login/mobile/send"', page.text)

    def test_sign_in_with_code(self):
        page = self._send("+86 138-0013-8000", redirect="/my/account")
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="code"', page.text)
        self.assertIn("a code has been sent", page.text)
        code = self._last_code()
        self.assertNotIn(code, page.text)
        response = self._verify("13800138000", code, redirect="/my/account")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(urlparse(response.headers["Location"]).path, "/my/account")
        sid = response.cookies["session_id"]
        self.opener.cookies.clear()
        self.opener.cookies["session_id"] = sid
        page = self.url_open("/my/account")
        self.assertEqual(urlparse(page.url).path, "/my/account")
        self.assertIn("Otp Resident", page.text)
        self.assertTrue(self.resident.login_date)

    def test_code_cannot_be_reused(self):
        self._send("13800138000")
        code = self._last_code()
        self.assertEqual(self._verify("13800138000", code).status_code, 303)
        self.authenticate(None, None)
        page = self._verify("13800138000", code)
        self.assertEqual(page.status_code, 200)
        self.assertIn("already been used", page.text)

    def test_wrong_code(self):
        self._send("13800138000")
        code = self._last_code()
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        page = self._verify("13800138000", wrong)
        self.assertEqual(page.status_code, 200)
        self.assertIn("The code is wrong", page.text)
        self.assertIn('name="code"', page.text)
        self.assertFalse(self._session_user())
        # The wrong try was counted even though the sign-in failed.
        otp = self.env["auth.mobile.otp"].search([("mobile", "=", "13800138000")])
        self.assertEqual(otp.attempt_count, 1)

    def test_expired_code(self):
        self._send("13800138000")
        code = self._last_code()
        otp = self.env["auth.mobile.otp"].search([("mobile", "=", "13800138000")])
        otp.expiration = "2000-01-01 00:00:00"
        page = self._verify("13800138000", code)
        self.assertIn("expired", page.text)
        self.assertFalse(self._session_user())

    def test_unknown_number_same_answer(self):
        known = self._send("13800138000")
        self.assertEqual(len(self.sent_sms), 1)
        unknown = self._send("13500135000")
        self.assertEqual(len(self.sent_sms), 1)
        # CSRF tokens (the form's and the page script's) change with the
        # session and the time; numbers with the wait.
        strip = re.compile(r'csrf_token(?:" value=|: )"[^"]*"|\d+')
        self.assertEqual(strip.sub("", known.text), strip.sub("", unknown.text))
        # The limits answer alike too.
        again_known = self._send("13800138000")
        again_unknown = self._send("13500135000")
        self.assertIn("Please wait", again_known.text)
        self.assertEqual(
            strip.sub("", again_known.text), strip.sub("", again_unknown.text)
        )

    def test_rate_limit_per_ip(self):
        with patch.object(auth_mobile_otp, "MAX_SENDS_PER_IP", 1):
            self._send("13800138000")
            page = self._send("13900139000")
        self.assertIn("Too many codes were asked from your network", page.text)
        self.assertEqual(len(self.sent_sms), 1)

    def test_invalid_number(self):
        page = self._send("12345")
        self.assertIn("Enter a valid mobile number", page.text)
        self.assertIn('name="mobile"', page.text)
        self.assertFalse(self.sent_sms)

    def test_foreign_redirect_ignored(self):
        self._send("13800138000")
        response = self._verify(
            "13800138000", self._last_code(), redirect="//evil.example.com/x"
        )
        location = urlparse(response.headers["Location"])
        self.assertNotEqual(location.netloc, "evil.example.com")
        self.assertEqual(location.path, "/my")

    def test_credential_type_cannot_be_posted_to_web_login(self):
        page = self.url_open(
            "/web/login",
            data={
                "csrf_token": self._csrf("/web/login"),
                "login": self.resident.login,
                "password": "123456",
                "type": "mobile_otp",
            },
        )
        self.assertEqual(urlparse(page.url).path, "/web/login")
        self.assertFalse(self._session_user())
        with self.assertRaises(Exception):  # noqa: B017 - AccessDenied
            self.env["res.users"].authenticate(
                self.env.cr.dbname,
                {"type": "mobile_otp", "login": self.resident.login, "nonce": "x"},
                {"interactive": False},
            )
