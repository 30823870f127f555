import secrets
import time
from urllib.parse import urlencode as url_encode

from odoo import http
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request

from odoo.addons.web.controllers.utils import _get_login_redirect_url

from ..models.res_users import NONCE_LIFETIME, SESSION_KEY

# Asking for a code takes at least this long, whether a code is sent (the
# gateway answers) or not (an unknown number): the delay does not tell.
MIN_SEND_SECONDS = 1.5


def _safe_redirect(redirect):
    """A local path only, so the flow cannot send the user elsewhere."""
    if not redirect or not redirect.startswith("/") or redirect.startswith("//"):
        return None
    if "\\" in redirect:
        return None
    return redirect


class AuthMobileOtpController(http.Controller):
    def _render_login(self, values):
        values.setdefault("step", "number")
        values["redirect"] = _safe_redirect(values.get("redirect"))
        values["restart_url"] = "/web/login/mobile"
        if values["redirect"]:
            values["restart_url"] += "?" + url_encode({"redirect": values["redirect"]})
        response = request.render("auth_mobile_otp.login_mobile", values)
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response

    @http.route(
        "/web/login/mobile", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def mobile_login(self, redirect=None, **kwargs):
        if request.session.uid and _safe_redirect(redirect):
            return request.redirect(redirect)
        return self._render_login({"redirect": redirect})

    @http.route(
        "/web/login/mobile/send",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def mobile_login_send(self, mobile=None, redirect=None, **kwargs):
        values = {"mobile": mobile or "", "redirect": redirect}
        started = time.monotonic()
        Otp = request.env["auth.mobile.otp"]
        try:
            # sudo: anyone may ask for a code; the model applies the limits and
            # sends only to the number's own user, and answers alike for all.
            Otp.sudo()._request_code(mobile, request.httprequest.remote_addr)
        except UserError as error:
            values["error"] = error.args[0]
            if not Otp._normalize_or_none(mobile):
                return self._render_login(values)
        else:
            values["message"] = request.env._(
                "If this number belongs to an account, a code has been sent to it "
                "by SMS. It is valid for 5 minutes."
            )
        remaining = MIN_SEND_SECONDS - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        values["step"] = "code"
        return self._render_login(values)

    @http.route(
        "/web/login/mobile/verify",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def mobile_login_verify(self, mobile=None, code=None, redirect=None, **kwargs):
        values = {"mobile": mobile or "", "redirect": redirect, "step": "code"}
        try:
            # sudo: the model checks the code (and counts wrong ones) before
            # giving the user of the number.
            user = request.env["auth.mobile.otp"].sudo()._verify_code(mobile, code)
        except UserError as error:
            values["error"] = error.args[0]
            return self._render_login(values)
        nonce = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = {
            "nonce": nonce,
            "uid": user.id,
            "expires": time.time() + NONCE_LIFETIME,
        }
        try:
            auth_info = request.session.authenticate(
                request.db,
                {"type": "mobile_otp", "login": user.login, "nonce": nonce},
            )
        except AccessDenied:
            values["error"] = request.env._(
                "You cannot sign in with this number. Please contact us."
            )
            return self._render_login(values)
        redirect = self._mobile_otp_signed_in(user, _safe_redirect(redirect))
        url = _get_login_redirect_url(auth_info["uid"], redirect or "/my")
        return request.redirect(url)

    def _mobile_otp_signed_in(self, user, redirect):
        """Hook after ``user`` signed in with a code (their session may wait
        for a second factor); return where to go next."""
        return redirect
