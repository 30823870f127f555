from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.property_billing.tests.common import BillingCase


@tagged("post_install", "-at_install")
class TestDunningAccess(BillingCase):
    """Steps of a dunning case are history: staff record their delivery, and
    only for the cases of their communities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other = cls.env["property.community"].create(
            {"name": "Pine Hill", "code": "PH", "company_id": cls.company.id}
        )
        cls.staff_here = cls._staff("dunning_staff_here", cls.community)
        cls.staff_there = cls._staff("dunning_staff_there", other)
        cls.case = cls.env["property.dunning.case"].create(
            {
                "partner_id": cls.owner.id,
                "company_id": cls.company.id,
                "community_id": cls.community.id,
            }
        )

    @classmethod
    def _staff(cls, login, community):
        user = new_test_user(
            cls.env,
            login=login,
            groups="property_base.group_property_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        user.property_community_ids = community
        return user

    def _notice(self):
        return self.env["property.dunning.event"].create(
            {
                "case_id": self.case.id,
                "date": "2026-02-01",
                "kind": "level",
                "action": "message",
                "channel": "paper",
                "delivery_state": "pending",
            }
        )

    def test_notices_withdrawn_only_by_who_may_write_the_case(self):
        notice = self._notice()
        with self.assertRaises(AccessError):
            self.case.with_user(self.staff_there)._withdraw_notices()
        self.assertEqual(notice.delivery_state, "pending")
        self.case.with_user(self.staff_here)._withdraw_notices()
        self.assertEqual(notice.delivery_state, "withdrawn")

    def test_notices_marked_delivered_only_by_who_may_read_them(self):
        notice = self._notice()
        with self.assertRaises(AccessError):
            notice.with_user(self.staff_there).action_mark_delivered()
        self.assertEqual(notice.delivery_state, "pending")
        notice.with_user(self.staff_here).action_mark_delivered()
        self.assertEqual(notice.delivery_state, "delivered")
