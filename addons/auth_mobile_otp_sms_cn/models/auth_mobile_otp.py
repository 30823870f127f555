from odoo import api, models

from odoo.addons.auth_mobile_otp.models.auth_mobile_otp import CODE_LIFETIME

# The message type of sign-in codes: gateways approve verification-code
# templates (验证码) apart from notifications.
LOGIN_CODE_TYPE = "auth.login_code"


class AuthMobileOtp(models.Model):
    _inherit = "auth.mobile.otp"

    @api.model
    def _prepare_sms_values(self, user, mobile, code):
        values = super()._prepare_sms_values(user, mobile, code)
        values.update(
            cn_message_type=LOGIN_CODE_TYPE,
            cn_params={
                "code": code,
                "minutes": str(int(CODE_LIFETIME.total_seconds() // 60)),
            },
        )
        return values
