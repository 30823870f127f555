import hmac
import time

from odoo import api, models
from odoo.exceptions import AccessDenied
from odoo.http import request

from ..tools import format_for_sms, normalize_mobile

# Session key of the one-time sign-in nonce put there by the controller once
# the code was checked.
SESSION_KEY = "auth_mobile_otp_login"
NONCE_LIFETIME = 60


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _mobile_otp_user_domain(self):
        """Who may sign in with a mobile number: portal users. Internal users
        keep their password (and second factor)."""
        return [("share", "=", True)]

    @api.model
    def _mobile_otp_users(self, mobile, domain=None):
        """The users (in ``domain``) whose login is ``mobile`` once normalized.
        Only the login counts, never the contact's mobile: whoever may edit a
        contact could otherwise put their own number there and sign in as
        that resident; a login is changed by user administrators only."""
        # sudo: the server looks up who owns a number; callers show nothing
        # of these users to whoever asked.
        candidates = self.sudo().search(
            (domain or []) + [("login", "in", [mobile, f"+86{mobile}"])]
        )
        return candidates.filtered(lambda user: normalize_mobile(user.login) == mobile)

    @api.model
    def _mobile_otp_find_user(self, mobile):
        """The one active user who may sign in with ``mobile`` (normalized),
        or an empty recordset if none or several: an ambiguous number signs
        nobody in."""
        users = self.with_context(active_test=True)._mobile_otp_users(
            mobile, self._mobile_otp_user_domain()
        )
        return users if len(users) == 1 else self.browse()

    def _check_credentials(self, credential, env):
        if credential.get("type") != "mobile_otp":
            return super()._check_credentials(credential, env)
        # The nonce is kept server-side in the session by the controller once
        # the code sent to this user's number was typed right; used once.
        pending = request.session.pop(SESSION_KEY, None) if request else None
        if not (
            pending
            and credential.get("nonce")
            and hmac.compare_digest(str(pending.get("nonce")), credential["nonce"])
            and pending.get("uid") == self.env.user.id
            and pending.get("expires", 0) > time.time()
        ):
            raise AccessDenied()
        return {"uid": self.env.user.id, "auth_method": "mobile_otp", "mfa": "default"}

    def _prepare_invitation_sms_values(self):
        self.ensure_one()
        return {
            "number": format_for_sms(self.login),
            "partner_id": self.partner_id.id,
            "body": self.with_context(lang=self.lang).env._(
                "%(company)s: your portal account is ready. Sign in at %(url)s with "
                "your mobile number and a code sent by SMS.",
                company=self.company_id.name,
                url=self.env["res.partner"]._mobile_portal_login_url(),
            ),
        }

    def _mobile_portal_invite(self):
        """Queue an SMS telling each user (login: their mobile number) how to
        sign in; it holds no secret."""
        vals_list = [
            user._prepare_invitation_sms_values()
            for user in self
            if normalize_mobile(user.login)
        ]
        # sudo: called for users just given portal access by a contact manager.
        self.env["sms.sms"].sudo().create(vals_list)
