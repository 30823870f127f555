import time
from urllib.parse import urlencode

from odoo.http import request

from odoo.addons.auth_mobile_otp.controllers.main import AuthMobileOtpController
from odoo.addons.wechat_official.controllers.main import (
    STATE_LIFETIME,
    WechatOfficialController,
    _safe_redirect,
)

# Session key marking a sign-in that started in WeChat from an unbound openid.
PENDING_KEY = "wechat_official_mobile_otp_openid"


class WechatOfficialMobileOtpController(WechatOfficialController):
    def _wechat_sign_in_unbound(self, openid, redirect):
        # Kept server-side in this browser's session, for a few minutes.
        request.session[PENDING_KEY] = {"expires": time.time() + STATE_LIFETIME}
        query = urlencode({"redirect": _safe_redirect(redirect)})
        return request.redirect(f"/web/login/mobile?{query}")


class AuthMobileOtpWechatController(AuthMobileOtpController):
    def _mobile_otp_signed_in(self, user, redirect):
        """Back in WeChat once signed in (after a second factor if the user
        has one): WeChat gives the openid again and ``wechat_official`` asks
        the user to confirm the binding. Never bound silently: whoever signs
        in on someone else's phone does not hand that WeChat their account."""
        redirect = super()._mobile_otp_signed_in(user, redirect)
        pending = request.session.pop(PENDING_KEY, None)
        if pending and pending.get("expires", 0) > time.time():
            query = urlencode({"redirect": redirect or "/my"})
            return f"/wechat/oauth/start?{query}"
        return redirect
