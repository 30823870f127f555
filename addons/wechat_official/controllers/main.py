import hmac
import logging
import secrets
import time
from urllib.parse import quote, urlencode

from odoo import http
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request
from odoo.tools.misc import hmac as odoo_hmac

from ..models.res_users import NONCE_LIFETIME, SESSION_KEY

_logger = logging.getLogger(__name__)

AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
STATE_KEY = "wechat_official_state"
BIND_KEY = "wechat_official_bind"
STATE_LIFETIME = 600


def _safe_redirect(redirect):
    """A local path only, so the flow cannot send the user elsewhere."""
    if not redirect or not redirect.startswith("/") or redirect.startswith("//"):
        return "/my"
    if "\\" in redirect:
        return "/my"
    return redirect


class WechatOfficialController(http.Controller):
    def _state_signature(self, nonce):
        # sudo: reads database.secret to sign the state; nothing is returned.
        return odoo_hmac(
            request.env(su=True),
            "wechat_official_oauth",
            f"{request.session.sid}:{nonce}",
        )

    @http.route("/wechat/oauth/start", type="http", auth="public", website=True)
    def wechat_oauth_start(self, redirect="/my", **kwargs):
        company = request.env.company
        if not company.wechat_appid:
            raise UserError(request.env._("WeChat is not configured."))
        nonce = secrets.token_urlsafe(16)
        request.session[STATE_KEY] = {
            "nonce": nonce,
            "redirect": _safe_redirect(redirect),
            "expires": time.time() + STATE_LIFETIME,
        }
        state = f"{nonce}.{self._state_signature(nonce)[:32]}"
        callback = f"{company.get_base_url()}/wechat/oauth/callback"
        query = urlencode(
            {
                "appid": company.wechat_appid,
                "redirect_uri": callback,
                "response_type": "code",
                "scope": "snsapi_base",
                "state": state,
            },
            quote_via=quote,
        )
        return request.redirect(f"{AUTHORIZE_URL}?{query}#wechat_redirect", local=False)

    def _check_state(self, state):
        pending = request.session.pop(STATE_KEY, None)
        nonce, _sep, signature = (state or "").partition(".")
        if not (
            pending
            and nonce
            and hmac.compare_digest(nonce, pending.get("nonce", ""))
            and hmac.compare_digest(signature, self._state_signature(nonce)[:32])
            and pending.get("expires", 0) > time.time()
        ):
            _logger.warning("WeChat OAuth callback with a bad state refused")
            return None
        return pending["redirect"]

    @http.route("/wechat/oauth/callback", type="http", auth="public", website=True)
    def wechat_oauth_callback(self, code=None, state=None, **kwargs):
        redirect = self._check_state(state)
        if not redirect or not code:
            return request.redirect("/web/login?error=wechat")
        company = request.env.company
        try:
            openid = company._wechat_oauth_openid(code)
        except UserError:
            return request.redirect("/web/login?error=wechat")
        if not request.env.user._is_public():
            request.session[BIND_KEY] = {
                "openid": openid,
                "redirect": redirect,
                "expires": time.time() + STATE_LIFETIME,
            }
            return request.render(
                "wechat_official.portal_wechat_bind_confirm",
                {"redirect": redirect},
            )
        # sudo: the openid was just given by WeChat for this browser (state
        # checked above); only the matching active users are looked up.
        Users = request.env["res.users"].sudo()
        users = Users.search([("partner_id.wechat_openid", "=", openid)])
        if len(users) != 1:
            return self._wechat_sign_in_unbound(openid, redirect)
        nonce = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = {
            "nonce": nonce,
            "uid": users.id,
            "expires": time.time() + NONCE_LIFETIME,
        }
        try:
            request.session.authenticate(
                request.db,
                {"type": "wechat_openid", "login": users.login, "nonce": nonce},
            )
        except AccessDenied:
            return request.redirect("/web/login?error=wechat")
        return request.redirect(redirect)

    def _wechat_sign_in_unbound(self, openid, redirect):
        """Answer a signed-out browser whose ``openid`` (just given by WeChat,
        state checked) is bound to no user: the login page, coming back here
        to bind it once signed in. Modules offering another way to sign in
        override this."""
        query = urlencode({"redirect": f"/wechat/oauth/start?redirect={redirect}"})
        return request.redirect(f"/web/login?{query}")

    @http.route(
        "/wechat/oauth/bind", type="http", auth="user", methods=["POST"], website=True
    )
    def wechat_oauth_bind(self, **kwargs):
        pending = request.session.pop(BIND_KEY, None)
        if not pending or pending.get("expires", 0) < time.time():
            raise UserError(request.env._("The WeChat authorization has expired."))
        partner = request.env.user.partner_id
        # sudo: the openid was given by WeChat to this logged-in user's browser
        # (state checked in the callback) and the user confirmed the binding.
        Partner = request.env["res.partner"].sudo()
        others = Partner.search(
            [("wechat_openid", "=", pending["openid"]), ("id", "!=", partner.id)]
        )
        others.write({"wechat_openid": False})
        # sudo: the same check; the openid field is for administrators only.
        partner.sudo().wechat_openid = pending["openid"]
        return request.redirect(_safe_redirect(pending.get("redirect")))

    @http.route("/my/wechat", type="http", auth="user", website=True)
    def portal_my_wechat(self, **kwargs):
        return request.render(
            "wechat_official.portal_my_wechat",
            {"bound": request.env.user.partner_id.wechat_bound, "page_name": "wechat"},
        )

    @http.route(
        "/my/wechat/unbind", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_wechat_unbind(self, **kwargs):
        # sudo: a user unbinds only their own partner.
        request.env.user.partner_id.sudo().wechat_openid = False
        return request.redirect("/my/wechat")
