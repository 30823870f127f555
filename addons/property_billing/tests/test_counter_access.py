from odoo.tests import Form, tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestCounterAccess(BillingCase):
    """The counter payment is the cashier's: property staff with the
    Invoicing right open it and take a payment as themselves; staff without
    it do not see it at all (no menu, no button on the unit)
    rather than meet an access error on the journals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cash = cls.company_data["default_journal_cash"]
        cls.counter = cls.env["account.journal"].create(
            {
                "name": "Front Desk Cash",
                "code": "FDC",
                "type": "cash",
                "company_id": cls.company.id,
                "property_counter_method": "cash",
            }
        )
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls._create_contract()
        run = cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        )
        run.action_run()
        cls.bill = run.move_ids
        cls.cashier = cls._staff_user("counter_cashier", cls.community)
        cls.staff = cls._staff_user(
            "counter_staff", cls.community, groups="property_base.group_property_user"
        )
        cls.menu = cls.env.ref("property_billing.property_counter_payment_menu")

    def test_cashier_takes_a_payment_at_the_counter(self):
        Wizard = self.env["property.counter.payment"].with_user(self.cashier)
        self.assertEqual(
            Wizard.default_get(["journal_id"])["journal_id"], self.counter.id
        )
        form = Form(Wizard, view="property_billing.property_counter_payment_view_form")
        self.assertEqual(form.journal_id, self.counter)
        form.unit_id = self.unit
        self.assertEqual(form.partner_id, self.owner)
        self.assertEqual(form.amount_due, 250.0)
        self.assertEqual(form.amount, 250.0)
        wizard = form.save()
        action = wizard.action_confirm()
        self.assertEqual(
            action["report_name"], "property_billing.report_property_receipt"
        )
        payment = self.env["account.payment"].browse(action["context"]["active_ids"])
        self.assertEqual(payment.create_uid, self.cashier)
        self.assertEqual(payment.state, "in_process")
        self.assertEqual(payment.journal_id, self.counter)
        self.assertEqual(self.bill.payment_state, "paid")
        # The receipt renders for the cashier.
        html = (
            self.env["ir.actions.report"]
            .with_user(self.cashier)
            ._render_qweb_html(action["report_name"], payment.ids)[0]
        )
        self.assertIn(self.owner.name, html.decode())

    def test_counter_cash_journal_by_default_until_one_is_marked(self):
        self.counter.property_counter_method = False
        Wizard = self.env["property.counter.payment"].with_user(self.cashier)
        journal = Wizard.default_get(["journal_id"])["journal_id"]
        self.assertEqual(self.env["account.journal"].browse(journal).type, "cash")

    def test_cashier_sees_the_counter(self):
        Menu = self.env["ir.ui.menu"].with_user(self.cashier)
        self.assertIn(self.menu.id, Menu._visible_menu_ids())
        self.assertIn(self.menu.id, Menu.load_menus(False))
        self.assertIn(
            "property_billing.property_counter_payment_action_unit",
            self._unit_bindings(self.cashier),
        )

    def test_staff_without_invoicing_do_not_see_the_counter(self):
        Menu = self.env["ir.ui.menu"].with_user(self.staff)
        self.assertNotIn(self.menu.id, Menu._visible_menu_ids())
        self.assertNotIn(self.menu.id, Menu.load_menus(False))
        # The billing menu itself stays: contracts and meter readings.
        self.assertIn(
            self.env.ref("property_billing.property_fee_contract_menu").id,
            Menu._visible_menu_ids(),
        )
        self.assertNotIn(
            "property_billing.property_counter_payment_action_unit",
            self._unit_bindings(self.staff),
        )

    def _unit_bindings(self, user):
        bindings = (
            self.env["ir.actions.actions"]
            .with_user(user)
            .get_bindings("property.unit")
            .get("action", [])
        )
        actions = self.env["ir.actions.act_window"].browse(
            [binding["id"] for binding in bindings]
        )
        return actions.get_external_id().values()
