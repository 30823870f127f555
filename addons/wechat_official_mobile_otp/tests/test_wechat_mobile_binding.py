import re
import time
from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.auth_mobile_otp.controllers import main as otp_controller
from odoo.addons.auth_mobile_otp.tests.common import MobileOtpCaseMixin
from odoo.addons.wechat_official.tests.common import WechatCaseMixin

from ..controllers.main import PENDING_KEY

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestWechatMobileBinding(WechatCaseMixin, MobileOtpCaseMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls._setup_wechat(cls.company)
        cls._setup_mobile_users()

    def setUp(self):
        super().setUp()
        patcher = patch.object(otp_controller, "MIN_SEND_SECONDS", 0)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _open_from_wechat(self, openid, code, redirect="/my/wechat"):
        response = self.url_open(
            f"/wechat/oauth/start?redirect={redirect}", allow_redirects=False
        )
        location = response.headers["Location"]
        state = parse_qs(urlparse(location.split("#")[0]).query)["state"][0]
        self.fake.codes[code] = openid
        return self.url_open(
            f"/wechat/oauth/callback?code={code}&state={state}", allow_redirects=False
        )

    def _sign_in_with_code(self, mobile, redirect):
        page = self.url_open(f"/web/login/mobile?redirect={redirect}")
        self.url_open(
            "/web/login/mobile/send",
            data={
                "csrf_token": CSRF.search(page.text)[1],
                "mobile": mobile,
                "redirect": redirect,
            },
        )
        return self.url_open(
            "/web/login/mobile/verify",
            data={
                "csrf_token": CSRF.search(page.text)[1],
                "mobile": mobile,
                "code": self._last_code(),
                "redirect": redirect,
            },
            allow_redirects=False,
        )

    def _assert_back_to_wechat(self, response, redirect):
        """Signed in by code, the browser goes back through WeChat, which
        gives the openid again, to confirm the binding: nothing is bound
        yet."""
        location = urlparse(response.headers["Location"])
        self.assertEqual(location.path, "/wechat/oauth/start")
        self.assertEqual(parse_qs(location.query)["redirect"], [redirect])
        self.assertFalse(self.resident.partner_id.wechat_openid)

    def _confirm_binding(self, openid, code, redirect):
        page = self._open_from_wechat(openid, code, redirect)
        self.assertIn("/wechat/oauth/bind", page.text)
        return self.url_open(
            "/wechat/oauth/bind",
            data={"csrf_token": CSRF.search(page.text)[1]},
            allow_redirects=False,
        )

    def _use_session_of(self, response):
        sid = response.cookies["session_id"]
        self.opener.cookies.clear()
        self.opener.cookies["session_id"] = sid

    def test_first_time_binding_then_sign_in_by_openid(self):
        response = self._open_from_wechat("oOPENID_NEW", "CODE_A")
        location = urlparse(response.headers["Location"])
        self.assertEqual(location.path, "/web/login/mobile")
        self.assertEqual(parse_qs(location.query)["redirect"], ["/my/wechat"])
        self.assertNotIn("oOPENID_NEW", response.headers["Location"])

        response = self._sign_in_with_code("138 0013 8000", "/my/wechat")
        self._assert_back_to_wechat(response, "/my/wechat")
        response = self._confirm_binding("oOPENID_NEW", "CODE_A2", "/my/wechat")
        self.assertEqual(urlparse(response.headers["Location"]).path, "/my/wechat")
        self.assertEqual(self.resident.partner_id.wechat_openid, "oOPENID_NEW")

        # Signed out, the WeChat menu signs the resident in by openid.
        self.authenticate(None, None)
        response = self._open_from_wechat("oOPENID_NEW", "CODE_B")
        self.assertEqual(urlparse(response.headers["Location"]).path, "/my/wechat")
        self._use_session_of(response)
        page = self.url_open("/my/wechat")
        self.assertEqual(urlparse(page.url).path, "/my/wechat")
        self.assertIn("/my/wechat/unbind", page.text)

    def test_openid_moves_from_a_previous_holder(self):
        self.resident_by_login.partner_id.wechat_openid = "oOPENID_MOVED"
        self.resident_by_login.active = False
        self._open_from_wechat("oOPENID_MOVED", "CODE_C")
        response = self._sign_in_with_code("13800138000", "/my")
        self._assert_back_to_wechat(response, "/my")
        self._confirm_binding("oOPENID_MOVED", "CODE_C2", "/my")
        self.assertEqual(self.resident.partner_id.wechat_openid, "oOPENID_MOVED")
        self.assertFalse(self.resident_by_login.partner_id.wechat_openid)

    def test_code_sign_in_without_wechat_binds_nothing(self):
        response = self._sign_in_with_code("13800138000", "/my")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(urlparse(response.headers["Location"]).path, "/my")
        self.assertFalse(self.resident.partner_id.wechat_openid)

    def test_signed_in_on_someone_elses_wechat_binds_only_if_confirmed(self):
        """A resident signing in by code inside a relative's WeChat, who
        declines the binding, leaves that WeChat unable to open their
        account."""
        self._open_from_wechat("oOPENID_RELATIVE", "CODE_E")
        response = self._sign_in_with_code("13800138000", "/my")
        self._assert_back_to_wechat(response, "/my")
        page = self._open_from_wechat("oOPENID_RELATIVE", "CODE_E2", "/my")
        self.assertIn("/wechat/oauth/bind", page.text)
        # Declined: the resident follows Cancel, then signs out.
        self.url_open("/my")
        self.authenticate(None, None)
        self.assertFalse(self.resident.partner_id.wechat_openid)
        response = self._open_from_wechat("oOPENID_RELATIVE", "CODE_E3", "/my")
        self.assertEqual(
            urlparse(response.headers["Location"]).path, "/web/login/mobile"
        )

    def _session(self):
        return http.root.session_store.get(self.opener.cookies["session_id"])

    def test_expired_pending_openid_not_bound(self):
        self._open_from_wechat("oOPENID_LATE", "CODE_D")
        session = self._session()
        self.assertIn(PENDING_KEY, session)
        session[PENDING_KEY] = {**session[PENDING_KEY], "expires": time.time() - 1}
        http.root.session_store.save(session)
        response = self._sign_in_with_code("13800138000", "/my")
        self.assertEqual(urlparse(response.headers["Location"]).path, "/my")
        self.assertFalse(self.resident.partner_id.wechat_openid)
