from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PropertyCase


class ProxyPayerCase(PropertyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's default: every internal user may create and edit contacts.
        contact_creation = cls.env.ref("base.group_partner_manager")
        for user in (cls.staff_x, cls.manager):
            user.groups_id |= contact_creation
        # An owner in community Y (same company, not staff X's) and one in Z.
        cls.owner_y = cls.env["res.partner"].create({"name": "Owner of Y"})
        cls._occupy(cls.unit_y1, cls.owner_y, "owner", 100)
        cls.owner_z = cls.env["res.partner"].create({"name": "Owner of Z"})
        cls._occupy(cls.unit_z1, cls.owner_z, "owner", 100)
        cls.plain_user = new_test_user(
            cls.env,
            login="plain_internal",
            groups="base.group_user,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def _notes(self, partner):
        return self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("body", "ilike", "proxy payer"),
            ]
        )


class TestProxyPayer(ProxyPayerCase):
    def test_staff_cannot_link_a_resident_to_another_community(self):
        proxy = self.resident_a.partner_id
        for partner in (self.owner_y, self.owner_z):
            with self.assertRaisesRegex(UserError, "never occupied a unit"):
                partner.with_user(self.staff_x).property_proxy_payer_id = proxy
            self.assertFalse(partner.property_proxy_payer_id)
        # Nor the other way round: a proxy from outside the communities.
        with self.assertRaisesRegex(UserError, "Owner of Y"):
            self.resident_b.partner_id.with_user(self.staff_x).write(
                {"property_proxy_payer_id": self.owner_y.id}
            )
        self.assertFalse(self.resident_b.partner_id.property_proxy_payer_id)

    def test_user_without_property_role_cannot_set_or_see_the_proxy(self):
        partner = self.resident_b.partner_id.with_user(self.plain_user)
        with self.assertRaises(AccessError):
            partner.write({"property_proxy_payer_id": self.resident_a.partner_id.id})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.plain_user).create(
                {
                    "name": "New parent",
                    "property_proxy_payer_id": self.resident_a.partner_id.id,
                }
            )
        fields = self.env["res.partner"].with_user(self.plain_user).fields_get()
        self.assertNotIn("property_proxy_payer_id", fields)
        self.assertNotIn("property_proxied_partner_ids", fields)
        self.assertFalse(self.resident_b.partner_id.property_proxy_payer_id)

    def test_manager_links_within_the_company_and_both_cards_log_it(self):
        partner = self.resident_b.partner_id
        proxy = self.owner_y
        partner.with_user(self.manager).property_proxy_payer_id = proxy
        self.assertEqual(partner.property_proxy_payer_id, proxy)
        self.assertEqual(proxy.property_proxied_partner_ids, partner)
        for card in (partner, proxy):
            note = self._notes(card)
            self.assertEqual(len(note), 1)
            self.assertIn(self.manager.name, note.body)
            self.assertIn("made Owner of Y the proxy payer", note.body)
            self.assertEqual(note.author_id, self.manager.partner_id)
        partner.with_user(self.manager).property_proxy_payer_id = False
        self.assertFalse(proxy.property_proxied_partner_ids)
        for card in (partner, proxy):
            self.assertIn("removed Owner of Y", self._notes(card)[0].body)
        # A community of another company is not the manager's.
        with self.assertRaisesRegex(UserError, "Owner of Z"):
            partner.with_user(self.manager).property_proxy_payer_id = self.owner_z

    def test_staff_link_residents_of_their_community(self):
        partner = self.resident_b.partner_id
        partner.with_user(
            self.staff_x
        ).property_proxy_payer_id = self.resident_a.partner_id
        self.assertEqual(partner.property_proxy_payer_id, self.resident_a.partner_id)
        # A past occupancy still counts: the family keeps paying the arrears.
        self.occupancy_a.date_end = "2024-12-31"
        partner.with_user(self.staff_x).property_proxy_payer_id = False
        partner.with_user(
            self.staff_x
        ).property_proxy_payer_id = self.resident_a.partner_id
        self.assertEqual(partner.property_proxy_payer_id, self.resident_a.partner_id)

    def test_link_through_the_pays_for_list_is_checked_too(self):
        with self.assertRaisesRegex(UserError, "never occupied a unit"):
            self.resident_a.partner_id.with_user(self.staff_x).write(
                {"property_proxied_partner_ids": [(4, self.owner_z.id)]}
            )
        self.assertFalse(self.owner_z.property_proxy_payer_id)

    def test_new_contact_gets_a_proxy_only_once_housed(self):
        with self.assertRaisesRegex(UserError, "record their occupancy"):
            self.env["res.partner"].with_user(self.staff_x).create(
                {
                    "name": "Newcomer",
                    "property_proxy_payer_id": self.resident_a.partner_id.id,
                }
            )


@tagged("post_install", "-at_install")
class TestProxyPayerRpc(ProxyPayerCase, HttpCase):
    def _rpc_write(self, partner, proxy):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "res.partner",
                "method": "write",
                "args": [[partner.id], {"property_proxy_payer_id": proxy.id}],
                "kwargs": {"context": {"active_test": False}},
            },
        )

    @mute_logger("odoo.http")
    def test_json_rpc_write_across_communities_is_refused(self):
        self.authenticate("pm_staff_x", "pm_staff_x")
        with self.assertRaises(JsonRpcException) as capture:
            self._rpc_write(self.owner_z, self.resident_a.partner_id)
        self.assertIn("UserError", str(capture.exception))
        self.authenticate("plain_internal", "plain_internal")
        with self.assertRaises(JsonRpcException) as capture:
            self._rpc_write(self.resident_b.partner_id, self.resident_a.partner_id)
        self.assertIn("AccessError", str(capture.exception))
        self.assertFalse(self.owner_z.property_proxy_payer_id)
        self.assertFalse(self.resident_b.partner_id.property_proxy_payer_id)
        # Within the community the same call goes through.
        self.authenticate("pm_staff_x", "pm_staff_x")
        self._rpc_write(self.resident_b.partner_id, self.resident_a.partner_id)
        self.assertEqual(
            self.resident_b.partner_id.property_proxy_payer_id,
            self.resident_a.partner_id,
        )
