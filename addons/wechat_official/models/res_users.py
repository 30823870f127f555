import hmac
import time

from odoo import models
from odoo.exceptions import AccessDenied
from odoo.http import request

# Session key of the one-time sign-in nonce put there by the OAuth callback.
SESSION_KEY = "wechat_official_login"
NONCE_LIFETIME = 120


class ResUsers(models.Model):
    _inherit = "res.users"

    def _check_credentials(self, credential, env):
        if credential.get("type") != "wechat_openid":
            return super()._check_credentials(credential, env)
        # The nonce is kept server-side in the session by the OAuth callback,
        # after WeChat gave the openid bound to this user; it is used once.
        pending = request.session.pop(SESSION_KEY, None) if request else None
        if not (
            pending
            and credential.get("nonce")
            and hmac.compare_digest(str(pending.get("nonce")), credential["nonce"])
            and pending.get("uid") == self.env.user.id
            and pending.get("expires", 0) > time.time()
        ):
            raise AccessDenied()
        return {"uid": self.env.user.id, "auth_method": "wechat", "mfa": "default"}
