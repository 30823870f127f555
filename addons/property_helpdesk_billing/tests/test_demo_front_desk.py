from unittest import SkipTest

from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoFrontDesk(TransactionCase):
    """The demo's front-desk clerk (desk.zhou) is also the cashier: she sees
    Counter Payment and takes a resident's payment as herself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = cls.env.ref(
            "property_helpdesk.demo_user_desk_zhou", raise_if_not_found=False
        )
        if not cls.clerk:
            raise SkipTest("Installed without demo data.")

    def test_front_desk_clerk_takes_a_payment_at_the_counter(self):
        self.assertTrue(self.clerk.has_group("property_base.group_property_user"))
        self.assertTrue(self.clerk.has_group("account.group_account_invoice"))
        menu = self.env.ref("property_billing.property_counter_payment_menu")
        Menu = self.env["ir.ui.menu"].with_user(self.clerk)
        self.assertIn(menu.id, Menu._visible_menu_ids())
        self.assertIn(menu.id, Menu.load_menus(False))
        unit = (
            self.env["property.occupancy"]
            .search(
                [("unit_id.community_id", "in", self.clerk.property_community_ids.ids)]
            )
            .filtered("is_current")[:1]
            .unit_id
        )
        form = Form(
            self.env["property.counter.payment"].with_user(self.clerk),
            view="property_billing.property_counter_payment_view_form",
        )
        self.assertTrue(form.journal_id)
        form.unit_id = unit
        self.assertTrue(form.partner_id)
        # Paid ahead: what no bill takes stays as the payer's credit.
        form.amount = form.amount_due + 100.0
        action = form.save().action_confirm()
        payment = self.env["account.payment"].browse(action["context"]["active_ids"])
        self.assertEqual(payment.create_uid, self.clerk)
        self.assertEqual(payment.property_unit_id, unit)
        self.assertEqual(payment.state, "in_process")
