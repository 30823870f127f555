from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import MobileOtpCaseMixin


@tagged("post_install", "-at_install")
class TestPortalByMobile(MobileOtpCaseMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="otp_contact_manager",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.clerk = new_test_user(cls.env, login="otp_clerk", groups="base.group_user")
        Partner = cls.env["res.partner"]
        cls.zhang = Partner.create({"name": "Zhang San", "mobile": "+86 131 0013 1000"})
        cls.li = Partner.create(
            {"name": "Li Si", "mobile": "132-0013-2000", "email": "li@example.com"}
        )
        cls.no_mobile = Partner.create({"name": "Wang Wu"})
        cls.bad_mobile = Partner.create({"name": "Zhao Liu", "mobile": "12345"})
        cls.same_mobile = Partner.create({"name": "Qian Qi", "mobile": "13100131000"})
        cls.holder = cls.env["res.users"].create(
            {
                "name": "Number Holder",
                "login": "13300133000",
                "groups_id": [(6, 0, cls.env.ref("base.group_portal").ids)],
            }
        )
        cls.taken = Partner.create({"name": "Sun Ba", "mobile": "133 0013 3000"})
        cls.partners = (
            cls.zhang
            | cls.li
            | cls.no_mobile
            | cls.bad_mobile
            | cls.same_mobile
            | cls.taken
        )

    def _grant(self, partners):
        return partners.with_user(self.manager).action_grant_portal_access_by_mobile()

    def test_bulk_grant(self):
        action = self._grant(self.partners)
        for partner, login in ((self.zhang, "13100131000"), (self.li, "13200132000")):
            user = partner.user_ids
            self.assertEqual(len(user), 1)
            self.assertEqual(user.login, login)
            self.assertTrue(user._is_portal())
            self.assertFalse(user._is_internal())
        self.assertEqual(self.li.user_ids.email, "li@example.com")
        for partner in (self.no_mobile, self.bad_mobile, self.same_mobile, self.taken):
            self.assertFalse(partner.user_ids, partner.name)
        message = action["params"]["message"]
        self.assertIn("2 portal users created", message)
        self.assertIn("Wang Wu: has no valid mobile number", message)
        self.assertIn("Zhao Liu: has no valid mobile number", message)
        self.assertIn("Qian Qi: the mobile number 13100131000 is already used", message)
        self.assertIn("Sun Ba: the mobile number 13300133000 is already used", message)
        self.assertEqual(action["params"]["type"], "warning")
        # Invited by SMS, with no secret in the message.
        invitations = self.env["sms.sms"].search(
            [("partner_id", "in", (self.zhang | self.li).ids)]
        )
        self.assertEqual(len(invitations), 2)
        self.assertIn("/web/login/mobile", invitations[0].body)
        # The new user signs in with a code.
        self.env["auth.mobile.otp"]._request_code("13100131000")
        self.assertEqual(
            self.env["auth.mobile.otp"]._verify_code("13100131000", self._last_code()),
            self.zhang.user_ids,
        )

    def test_bulk_grant_twice_adds_nothing(self):
        self._grant(self.partners)
        users = self.env["res.users"].search_count([])
        action = self._grant(self.partners)
        self.assertEqual(self.env["res.users"].search_count([]), users)
        self.assertIn("0 portal users created", action["params"]["message"])
        self.assertIn("Zhang San: has a user already", action["params"]["message"])

    def test_bulk_grant_needs_contact_manager(self):
        with self.assertRaises(AccessError):
            self.zhang.with_user(self.clerk).action_grant_portal_access_by_mobile()
        self.assertFalse(self.zhang.user_ids)

    def test_portal_wizard_without_email(self):
        wizard = (
            self.env["portal.wizard"]
            .with_user(self.manager)
            .create({"partner_ids": [(6, 0, self.zhang.ids)]})
        )
        wizard.user_ids.action_grant_access()
        user = self.zhang.user_ids
        self.assertEqual(user.login, "13100131000")
        self.assertTrue(user._is_portal())
        self.assertTrue(
            self.env["sms.sms"].search([("partner_id", "=", self.zhang.id)])
        )
        # A number used by another user is refused with a clear message.
        wizard = (
            self.env["portal.wizard"]
            .with_user(self.manager)
            .create({"partner_ids": [(6, 0, self.taken.ids)]})
        )
        with self.assertRaisesRegex(UserError, "already used by another user"):
            wizard.user_ids.action_grant_access()
        self.assertFalse(self.taken.user_ids)

    def test_portal_wizard_with_email_unchanged(self):
        wizard = self.env["portal.wizard"].create(
            {"partner_ids": [(6, 0, self.li.ids)]}
        )
        wizard.user_ids.action_grant_access()
        self.assertEqual(self.li.user_ids.login, "li@example.com")
