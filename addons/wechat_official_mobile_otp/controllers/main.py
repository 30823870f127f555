import time
from urllib.parse import urlencode

from odoo.http import request

from odoo.addons.auth_mobile_otp.controllers.main import AuthMobileOtpController
from odoo.addons.wechat_official.controllers.main import (
    STATE_LIFETIME,
    WechatOfficialController,
    _safe_redirect,
)

# Session key of the openid waiting for its user to sign in with a code.
PENDING_KEY = "wechat_official_mobile_otp_openid"


class WechatOfficialMobileOtpController(WechatOfficialController):
    def _wechat_sign_in_unbound(self, openid, redirect):
        # Kept server-side in this browser's session, for a few minutes.
        request.session[PENDING_KEY] = {
            "openid": openid,
            "expires": time.time() + STATE_LIFETIME,
        }
        query = urlencode({"redirect": _safe_redirect(redirect)})
        return request.redirect(f"/web/login/mobile?{query}")


class AuthMobileOtpWechatController(AuthMobileOtpController):
    def _mobile_otp_signed_in(self, user, redirect):
        redirect = super()._mobile_otp_signed_in(user, redirect)
        pending = request.session.pop(PENDING_KEY, None)
        # Bound only once the user is fully signed in (after a second factor
        # if they have one), to the openid WeChat gave this very browser.
        if (
            pending
            and pending.get("expires", 0) > time.time()
            and request.session.uid == user.id
        ):
            self._wechat_bind(user, pending["openid"])
        return redirect

    def _wechat_bind(self, user, openid):
        # sudo: the openid was given by WeChat to this browser (OAuth state
        # checked) and the user just proved their number with a code; the
        # openid field is for administrators only.
        Partner = request.env["res.partner"].sudo()
        Partner.search(
            [("wechat_openid", "=", openid), ("id", "!=", user.partner_id.id)]
        ).write({"wechat_openid": False})
        # sudo: the same check, on the signed-in user's own contact.
        user.partner_id.sudo().wechat_openid = openid
