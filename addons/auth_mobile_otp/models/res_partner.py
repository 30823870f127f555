from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import email_normalize

from ..tools import normalize_mobile


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_grant_portal_access_by_mobile(self):
        """Give each contact a portal user signing in with their mobile number
        (the user's login), invited by SMS; report the contacts skipped."""
        if not self.env.user.has_group("base.group_partner_manager"):
            raise AccessError(
                self.env._("Only contact managers may grant portal access.")
            )
        self.check_access("write")
        created, skipped = self._mobile_portal_grant()
        lines = [
            self.env._("%(count)s portal users created.", count=len(created)),
        ]
        lines += [f"{partner.display_name}: {reason}" for partner, reason in skipped]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Portal Access by Mobile Number"),
                "message": "\n".join(lines),
                "type": "warning" if skipped else "success",
                "sticky": bool(skipped),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _mobile_portal_grant(self):
        """Return ``(users, skipped)``: the portal users created, and the
        ``(partner, reason)`` pairs of the contacts left as they were."""
        Users = self.env["res.users"]
        created = Users.browse()
        skipped = []
        taken = set()
        for partner in self:
            mobile = normalize_mobile(partner.mobile)
            # sudo: the caller may write the contact (checked by the action);
            # its users are read to know whether it has access already.
            users = partner.sudo().with_context(active_test=False).user_ids
            if users.filtered("active"):
                skipped.append((partner, self.env._("has a user already (no change).")))
                continue
            if users:
                skipped.append(
                    (
                        partner,
                        self.env._(
                            "has an archived user: use Grant Portal Access on the "
                            "contact to reactivate it."
                        ),
                    )
                )
                continue
            if not mobile:
                skipped.append((partner, self.env._("has no valid mobile number.")))
                continue
            if mobile in taken or Users.with_context(
                active_test=False
            )._mobile_otp_users(mobile):
                skipped.append(
                    (
                        partner,
                        self.env._(
                            "the mobile number %(mobile)s is already used by "
                            "another user.",
                            mobile=mobile,
                        ),
                    )
                )
                continue
            taken.add(mobile)
            user = partner._mobile_portal_create_user(mobile)
            created |= user
            user._mobile_portal_invite()
        return created, skipped

    def _mobile_portal_create_user(self, mobile):
        self.ensure_one()
        company = self.company_id or self.env.company
        # sudo: the caller may manage this contact (checked by the action);
        # a portal user from the portal template, as the portal wizard does.
        Users = self.env["res.users"].sudo().with_company(company)
        user = Users.with_context(no_reset_password=True)._create_user_from_template(
            {
                "login": mobile,
                "email": email_normalize(self.email) or False,
                "partner_id": self.id,
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
            }
        )
        portal = self.env.ref("base.group_portal")
        public = self.env.ref("base.group_public")
        user.write({"groups_id": [(4, portal.id), (3, public.id)]})
        return user

    @api.model
    def _mobile_portal_login_url(self):
        return f"{self.env.company.get_base_url()}/web/login/mobile"
