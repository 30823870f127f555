import re
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from odoo.addons.property_billing.tests.common import BillingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-04-01")
class TestInstallments(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_contract()
        cls.bills = cls.env["account.move"]
        for month in ("2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"):
            run = cls.env["property.billing.run"].create(
                {"date": month, "company_id": cls.company.id}
            )
            run.action_run()
            cls.bills |= run.move_ids
        cls.clerk = new_test_user(
            cls.env,
            login="installment_clerk",
            groups="property_base.group_property_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.clerk.property_community_ids = cls.community

    def _agreement(self, bills=None, **values):
        return self.env["property.installment.agreement"].create(
            {
                "partner_id": self.owner.id,
                "community_id": self.community.id,
                "reason": "illness",
                "move_ids": [Command.set((bills or self.bills[:3]).ids)],
                "installment_count": 3,
                "first_date": "2026-04-15",
                **values,
            }
        )

    def _balance(self):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.owner.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))

    def _approve(self, agreement):
        agreement.action_submit()
        agreement.action_approve()
        return agreement

    def test_schedule_arithmetic(self):
        agreement = self._agreement(bills=self.bills[:1], installment_count=3)
        self.assertEqual(agreement.amount_total, 250.0)
        schedule = agreement._schedule()
        self.assertEqual([a for _d, a in schedule], [83.33, 83.33, 83.34])
        self.assertEqual(
            [str(d) for d, _a in schedule], ["2026-04-15", "2026-05-15", "2026-06-15"]
        )
        agreement.write({"down_payment": 100.0, "frequency": "quarterly"})
        schedule = agreement._schedule()
        self.assertEqual([a for _d, a in schedule], [100.0, 50.0, 50.0, 50.0])
        self.assertEqual(str(schedule[-1][0]), "2026-10-15")
        self.assertEqual(sum(a for _d, a in schedule), 250.0)

    def test_bad_terms_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "down payment"):
            self._agreement(down_payment=750.0)
        with self.assertRaisesRegex(ValidationError, "at least one installment"):
            self._agreement(installment_count=0)
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaisesRegex(ValidationError, "payer's own bills"):
            self._agreement(partner_id=stranger.id)
        with self.assertRaisesRegex(UserError, "today or later"):
            self._agreement(first_date="2026-03-01").action_submit()
        with self.assertRaisesRegex(UserError, "Choose the overdue bills"):
            self._agreement(move_ids=[Command.clear()]).action_submit()

    def test_approval_by_a_manager_only(self):
        agreement = self._agreement()
        agreement.with_user(self.clerk).action_submit()
        with self.assertRaises(AccessError):
            agreement.with_user(self.clerk).action_approve()
        self.assertEqual(agreement.state, "to_approve")
        self.assertFalse(agreement.move_id)

    def test_rescheduling_keeps_the_balance_and_reconciles(self):
        before = self._balance()
        agreement = self._approve(self._agreement(down_payment=150.0))
        self.assertEqual(agreement.state, "active")
        self.assertAlmostEqual(self._balance(), before)
        self.assertEqual(set(self.bills[:3].mapped("payment_state")), {"paid"})
        self.assertEqual(self.bills[3].payment_state, "not_paid")
        self.assertBalanced(agreement.move_id)
        self.assertEqual(
            agreement.line_ids.mapped("amount"), [150.0, 200.0, 200.0, 200.0]
        )
        self.assertEqual(
            [str(d) for d in agreement.line_ids.mapped("date_due")],
            ["2026-04-15", "2026-04-15", "2026-05-15", "2026-06-15"],
        )
        # Nothing of the rescheduled debt is chased while the plan is kept.
        run = self.env["property.dunning.run"].create(
            {"date": date(2026, 4, 1), "company_id": self.company.id}
        )
        self.assertNotIn(self.owner.id, run._overdue_by_partner())

    def test_paid_installments_complete_and_waive_late_fees(self):
        agreement = self._approve(
            self._agreement(bills=self.bills[:1], waive_late_fees=True)
        )
        late_fee = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.owner.id,
                "invoice_date": "2026-03-20",
                "property_is_late_fee": True,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": 9.0})
                ],
            }
        )
        late_fee.action_post()
        cash = self.company_data["default_journal_cash"]
        for amount in (83.33, 83.33):
            self.env["property.counter.payment"].create(
                {"partner_id": self.owner.id, "journal_id": cash.id, "amount": amount}
            ).action_confirm()
        # The counter pays the oldest open bill first; pay the installments
        # from the credit left after the bills.
        agreement._follow_up(date(2026, 4, 2))
        self.assertEqual(agreement.state, "active")
        self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.owner.id,
                "journal_id": cash.id,
                "amount": 500.0,
            }
        ).action_post()
        agreement._follow_up(date(2026, 4, 3))
        self.assertEqual(agreement.state, "completed")
        self.assertEqual(late_fee.payment_state, "reversed")

    def test_matched_bank_transfer_pays_the_installments(self):
        """Whatever way the payment comes: a bank transfer matched to the
        payer's open bill leaves credit that pays the installments at once."""
        agreement = self._approve(self._agreement(bills=self.bills[:1]))
        open_bill = self.bills[3]
        # Enough for every open bill of the payer, then the installments.
        open_bills = self.bills[1:]
        transfer = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.company_data["default_journal_bank"].id,
                "date": "2026-04-10",
                "amount": sum(open_bills.mapped("amount_residual"))
                + agreement.amount_total,
                "payment_ref": "张伟 物业费",
            }
        )
        transfer._property_reconcile_bill(open_bill)
        self.assertEqual(set(open_bills.mapped("payment_state")), {"paid"})
        self.assertFalse(agreement.line_ids.filtered("amount_residual"))
        agreement._follow_up(date(2026, 4, 11))
        self.assertEqual(agreement.state, "completed")

    def test_missed_installment_defaults_and_dunning_resumes(self):
        agreement = self._approve(self._agreement())
        agreement._follow_up(date(2026, 4, 25))  # within the grace days
        self.assertEqual(agreement.state, "active")
        agreement._follow_up(date(2026, 4, 26))
        self.assertEqual(agreement.state, "defaulted")
        self.assertTrue(agreement.activity_ids)
        run = self.env["property.dunning.run"].create(
            {"date": date(2026, 4, 26), "company_id": self.company.id}
        )
        overdue = run._overdue_by_partner()
        # The missed installment (and the April bill) are chased again.
        self.assertAlmostEqual(overdue[self.owner.id][0], 250.0 + 250.0)

    def test_portal_visibility(self):
        resident = self._portal_user("installment_resident")
        neighbour = self._portal_user("installment_neighbour")
        self.owner.user_ids = resident
        agreement = self._approve(self._agreement())
        Agreement = self.env["property.installment.agreement"]
        self.assertEqual(Agreement.with_user(resident).search([]), agreement)
        agreement.with_user(resident).line_ids.read(["date_due", "amount"])
        self.assertFalse(Agreement.with_user(neighbour).search([]))
        with self.assertRaises(AccessError):
            agreement.with_user(neighbour).read(["amount_total"])


@tagged("post_install", "-at_install")
class TestInstallmentPortal(BillingCase, HttpCase):
    def test_my_bills_shows_the_plan_with_a_pay_link(self):
        resident = self._portal_user("plan_resident")
        self.owner.user_ids = resident
        self._create_contract()
        bill = self._run("2026-01-01").move_ids
        agreement = self.env["property.installment.agreement"].create(
            {
                "partner_id": self.owner.id,
                "reason": "unemployment",
                "move_ids": [Command.set(bill.ids)],
                "installment_count": 2,
                "first_date": date.today(),
            }
        )
        agreement.action_submit()
        agreement.action_approve()
        self.authenticate("plan_resident", "plan_resident")
        page = self.url_open("/my/bills")
        self.assertIn(agreement.name, page.text)
        # The rescheduled bill is in the plan, not paid; each installment
        # says whether it is paid.
        self.assertIn("In an installment plan", page.text)
        self.assertNotIn(">Paid<", page.text)
        self.assertEqual(page.text.count("To pay"), 2)
        self.assertIn("/payment/pay?", page.text)
        self.assertIn("amount=125.0", page.text)
        # Paid online: the installment is settled.
        provider, method = self._online_provider()
        partner, currency = self.owner, self.company.currency_id
        processing = self.make_jsonrpc_request(
            f"{self.base_url()}/payment/transaction",
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "token_id": None,
                "amount": 125.0,
                "currency_id": currency.id,
                "partner_id": partner.id,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": "/my/bills",
                "reference_prefix": agreement.name,
                "is_validation": False,
                # The token of the page's own link.
                "access_token": re.search(
                    r"/payment/pay\?[^\"]*access_token=(\w+)", page.text
                )[1],
            },
        )
        self._confirm_online(processing["reference"])
        self.assertEqual(agreement.line_ids.mapped("state"), ["paid", "open"])
