import logging
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from ..exceptions import WechatRecipientRefused
from .common import APPSECRET, WechatCaseMixin


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


CONTROLLER_LOGGER = "odoo.addons.wechat_official.controllers.main"


@tagged("post_install", "-at_install")
class TestWechatSend(WechatCaseMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Green Estate"})
        cls._setup_wechat(cls.company)
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Li Na",
                "company_id": cls.company.id,
                "wechat_openid": "oOPENID_LINA",
            }
        )
        cls.Template = cls.env["wechat.official.template"]
        cls.Template.create(
            {
                "company_id": cls.company.id,
                "message_type": "property.reminder.pre_due",
                "template_id": "TPL_REMINDER",
                "field_mapping": "thing1=community\namount2=amount",
            }
        )

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def _send(self, partner=None):
        return self.Template._send_template_message(
            partner or self.partner,
            "property.reminder.pre_due",
            {"community": "翡翠湖花园", "amount": "1,234.50"},
            "https://pm.example.com/my",
        )

    def test_template_send_with_mapping(self):
        msgid = self._send()
        self.assertTrue(msgid)
        self.assertEqual(
            self.fake.sent[-1],
            {
                "touser": "oOPENID_LINA",
                "template_id": "TPL_REMINDER",
                "url": "https://pm.example.com/my",
                "data": {
                    "thing1": {"value": "翡翠湖花园"},
                    "amount2": {"value": "1,234.50"},
                },
            },
        )

    def test_token_cached_and_reused(self):
        handler = ListHandler()
        logging.getLogger().addHandler(handler)
        # Whatever level the test runner gives Odoo's loggers.
        logger = logging.getLogger("odoo.addons.wechat_official")
        self.addCleanup(logger.setLevel, logger.level)
        logger.setLevel(logging.DEBUG)
        try:
            self._send()
            self._send()
            self._send()
        finally:
            logging.getLogger().removeHandler(handler)
        self.assertEqual(self.fake.token_count, 1)
        self.assertEqual(len(self.fake.sent), 3)
        output = "\n".join(handler.messages)
        self.assertIn("WeChat template property.reminder.pre_due sent", output)
        self.assertNotIn(APPSECRET, output)
        self.assertNotIn("ACCESS_TOKEN_", output)

    def test_token_refreshed_once_on_expiry(self):
        self._send()
        self.company.sudo().wechat_token_expiry = fields.Datetime.now() + timedelta(
            minutes=3
        )
        self._send()
        self._send()
        self.assertEqual(self.fake.token_count, 2)

    def test_retried_once_on_invalid_token(self):
        self._send()
        self.fake.expire_tokens()  # WeChat answers 40001 to the cached token
        self._send()
        self.assertEqual(self.fake.token_count, 2)
        self.assertEqual(len(self.fake.sent), 2)

    def test_clear_errors(self):
        self.fake.unsubscribed.add("oOPENID_LINA")
        with self.assertRaisesRegex(UserError, "43004"):
            self._send()
        with self.assertRaisesRegex(UserError, "not bound WeChat"):
            self._send(
                self.env["res.partner"].create(
                    {"name": "Wang", "company_id": self.company.id}
                )
            )
        with self.assertRaisesRegex(UserError, "No WeChat template"):
            self.Template._send_template_message(self.partner, "unknown", {})
        with self.assertRaises(ValidationError):
            self.Template.create(
                {
                    "company_id": self.company.id,
                    "message_type": "other",
                    "template_id": "T",
                    "field_mapping": "no equal sign",
                }
            )
        self.fake.unsubscribed.clear()
        self.company.sudo().write(
            {"wechat_appsecret": "wrong", "wechat_access_token": False}
        )
        with self.assertRaisesRegex(UserError, "40125"):
            self._send()

    def test_permanent_refusals_told_apart(self):
        self.fake.unsubscribed.add("oOPENID_LINA")
        with self.assertRaisesRegex(WechatRecipientRefused, "43004"):
            self._send()
        self.fake.unsubscribed.clear()
        self.fake.invalid.add("oOPENID_LINA")
        with self.assertRaisesRegex(WechatRecipientRefused, "40003"):
            self._send()
        self.fake.invalid.clear()
        self.fake.busy = True
        with self.assertRaisesRegex(UserError, "45009") as caught:
            self._send()
        self.assertNotIsInstance(caught.exception, WechatRecipientRefused)

    def test_secret_restricted(self):
        user = new_test_user(self.env, login="wx_staff", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.company.with_user(user).read(["wechat_appsecret"])
        with self.assertRaises(AccessError):
            self.partner.with_user(user).read(["wechat_openid"])
        self.assertTrue(self.partner.with_user(user).wechat_bound)
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.wechat_appsecret)
        settings.wechat_appsecret = "new-secret"
        settings.execute()
        self.assertEqual(self.env.company.wechat_appsecret, "new-secret")


@tagged("post_install", "-at_install")
class TestWechatOauth(WechatCaseMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls._setup_wechat(cls.company)
        cls.user = new_test_user(
            cls.env,
            login="wx_resident",
            groups="base.group_portal",
            company_id=cls.company.id,
        )

    def _start(self):
        response = self.url_open(
            "/wechat/oauth/start?redirect=/my/wechat", allow_redirects=False
        )
        location = response.headers["Location"]
        self.assertTrue(
            location.startswith("https://open.weixin.qq.com/connect/oauth2/authorize?")
        )
        self.assertTrue(location.endswith("#wechat_redirect"))
        query = parse_qs(urlparse(location.split("#")[0]).query)
        self.assertEqual(query["scope"], ["snsapi_base"])
        self.assertNotIn(APPSECRET, location)
        return query["state"][0]

    def _callback(self, state, openid="oOPENID_WANG", code="CODE1"):
        self.fake.codes[code] = openid
        return self.url_open(
            f"/wechat/oauth/callback?code={code}&state={state}", allow_redirects=False
        )

    def test_bind_then_sign_in_then_unbind(self):
        self.authenticate("wx_resident", "wx_resident")
        response = self._callback(self._start())
        self.assertEqual(response.status_code, 200)
        self.assertIn("/wechat/oauth/bind", response.text)
        self.assertNotIn(APPSECRET, response.text)
        self.assertNotIn("oOPENID_WANG", response.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text)[1]
        self.url_open(
            "/wechat/oauth/bind", data={"csrf_token": csrf}, allow_redirects=False
        )
        self.assertEqual(self.user.partner_id.wechat_openid, "oOPENID_WANG")

        # Signed out, the bound openid signs the resident in.
        self.authenticate(None, None)
        response = self._callback(self._start())
        self.assertEqual(urlparse(response.headers["Location"]).path, "/my/wechat")
        # The sign-in gives the browser a new session.
        sid = response.cookies["session_id"]
        self.opener.cookies.clear()
        self.opener.cookies["session_id"] = sid
        page = self.url_open("/my/wechat")
        self.assertEqual(urlparse(page.url).path, "/my/wechat")
        self.assertIn("/my/wechat/unbind", page.text)
        self.assertNotIn(APPSECRET, page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
        self.url_open("/my/wechat/unbind", data={"csrf_token": csrf})
        self.assertFalse(self.user.partner_id.wechat_openid)

    def test_unbound_openid_goes_to_login(self):
        response = self._callback(self._start(), openid="oOPENID_NOBODY")
        # The login page, or another way to sign in that a module offers
        # (/web/login/mobile with wechat_official_mobile_otp).
        self.assertTrue(
            urlparse(response.headers["Location"]).path.startswith("/web/login")
        )
        page = self.url_open("/my/wechat", allow_redirects=False)
        self.assertIn("/web/login", page.headers["Location"])

    def test_bad_state_refused(self):
        self.user.partner_id.wechat_openid = "oOPENID_WANG"
        state = self._start()
        with self.assertLogs(CONTROLLER_LOGGER, "WARNING"):
            response = self._callback(state[:-2] + "xx")
        self.assertIn("error=wechat", response.headers["Location"])
        self.assertIn("CODE1", self.fake.codes)  # the code was not even used
        # A state from another session is refused too.
        self.authenticate(None, None)
        with self.assertLogs(CONTROLLER_LOGGER, "WARNING"):
            response = self._callback(state)
        self.assertIn("error=wechat", response.headers["Location"])

    def test_invalid_code_refused(self):
        state = self._start()
        response = self.url_open(
            f"/wechat/oauth/callback?code=BAD&state={state}", allow_redirects=False
        )
        self.assertIn("error=wechat", response.headers["Location"])

    def test_forged_credential_refused(self):
        self.user.partner_id.wechat_openid = "oOPENID_WANG"
        with self.assertRaises(Exception):  # noqa: B017 - AccessDenied
            self.env["res.users"].authenticate(
                self.env.cr.dbname,
                {"type": "wechat_openid", "login": "wx_resident", "nonce": "x"},
                {"interactive": False},
            )
