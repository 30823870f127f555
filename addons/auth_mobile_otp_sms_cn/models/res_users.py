from odoo import models

INVITATION_TYPE = "auth.portal_invitation"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _prepare_invitation_sms_values(self):
        values = super()._prepare_invitation_sms_values()
        values.update(
            cn_message_type=INVITATION_TYPE,
            cn_params={
                "company": self.company_id.name,
                "url": self.env["res.partner"]._mobile_portal_login_url(),
            },
        )
        return values
