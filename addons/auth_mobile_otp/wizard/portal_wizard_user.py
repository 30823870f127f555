from odoo import models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from ..tools import normalize_mobile


class PortalWizardUser(models.TransientModel):
    """A contact without an email address but with a mobile number gets a
    portal user whose login is the number, invited by SMS."""

    _inherit = "portal.wizard.user"

    def _mobile_login(self):
        """The normalized mobile number to sign in with, when the contact has
        no valid email address."""
        self.ensure_one()
        if email_normalize(self.email):
            return None
        return normalize_mobile(self.partner_id.mobile)

    def _assert_user_email_uniqueness(self):
        mobile = self._mobile_login()
        if not mobile:
            return super()._assert_user_email_uniqueness()
        others = (
            self.env["res.users"]
            .with_context(active_test=False)
            ._mobile_otp_users(mobile)
            .filtered(lambda user: user.partner_id != self.partner_id)
        )
        if others:
            raise UserError(
                self.env._(
                    "The mobile number %(mobile)s of %(partner)s is already used by "
                    "another user: correct it or enter an email address.",
                    mobile=mobile,
                    partner=self.partner_id.name,
                )
            )
        return None

    def _create_user(self):
        mobile = self._mobile_login()
        if not mobile:
            return super()._create_user()
        return (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            ._create_user_from_template(
                {
                    "login": mobile,
                    "partner_id": self.partner_id.id,
                    "company_id": self.env.company.id,
                    "company_ids": [(6, 0, self.env.company.ids)],
                }
            )
        )

    def _send_email(self):
        self.ensure_one()
        # sudo: the wizard's user was just given access by a contact manager.
        user = self.user_id.sudo()
        if not email_normalize(self.email) and normalize_mobile(user.login):
            user._mobile_portal_invite()
            return True
        return super()._send_email()
