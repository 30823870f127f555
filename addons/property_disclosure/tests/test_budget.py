from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


# Post-install, as Odoo's own accounting tests: the chart of accounts of the
# test company is loaded on a fully loaded registry (Odoo warns otherwise).
@tagged("post_install", "-at_install")
class TestBudget(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.company_data["company"]
        cls.env.user.groups_id |= cls.env.ref("property_base.group_property_manager")
        plan = cls.env["account.analytic.plan"].create({"name": "Communities"})
        cls.analytic = cls.env["account.analytic.account"].create(
            {
                "name": "Jade Lake Garden",
                "plan_id": plan.id,
                "company_id": cls.company.id,
            }
        )
        cls.other_analytic = cls.env["account.analytic.account"].create(
            {
                "name": "Osmanthus Court",
                "plan_id": plan.id,
                "company_id": cls.company.id,
            }
        )
        cls.community = cls.env["property.community"].create(
            {
                "name": "Jade Lake Garden",
                "code": "JLG",
                "company_id": cls.company.id,
                "analytic_account_id": cls.analytic.id,
            }
        )
        Account = cls.env["account.account"]
        cls.account_wages = Account.create(
            {"name": "Wages", "code": "660101", "account_type": "expense"}
        )
        cls.account_cleaning = Account.create(
            {"name": "Cleaning", "code": "660102", "account_type": "expense"}
        )
        cls.account_other = Account.create(
            {"name": "Entertainment", "code": "660199", "account_type": "expense"}
        )
        cls.cat_staff = cls.env["property.cost.category"].create(
            {
                "name": "Staff",
                "code": "t_staff",
                "account_ids": [Command.set(cls.account_wages.ids)],
            }
        )
        cls.cat_cleaning = cls.env["property.cost.category"].create(
            {
                "name": "Cleaning",
                "code": "t_cleaning",
                "account_ids": [Command.set(cls.account_cleaning.ids)],
            }
        )
        cls.budget = cls.env["property.budget"].create(
            {
                "community_id": cls.community.id,
                "year": 2026,
                "line_ids": [
                    Command.create(
                        {"category_id": cls.cat_staff.id, "amount_planned": 10000}
                    ),
                    Command.create(
                        {"category_id": cls.cat_cleaning.id, "amount_planned": 4000}
                    ),
                ],
            }
        )

    def _staff(self):
        staff = new_test_user(
            self.env,
            login="budget_staff",
            groups="base.group_user,property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        staff.property_community_ids = self.community
        return staff

    def _entry(self, date, account, amount, analytic=None, post=True, percent=100):
        analytic = self.analytic if analytic is None else analytic
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": date,
                "journal_id": self.company_data["default_journal_misc"].id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Cost",
                            "account_id": account.id,
                            "debit": amount,
                            "analytic_distribution": analytic
                            and {str(analytic.id): percent},
                        }
                    ),
                    Command.create(
                        {
                            "name": "Payable",
                            "account_id": self.company_data[
                                "default_account_payable"
                            ].id,
                            "partner_id": self.partner_a.id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _line(self, category):
        return self.budget.line_ids.filtered(lambda ln: ln.category_id == category)

    def test_actuals_come_from_posted_entries_of_the_community(self):
        self._entry("2026-01-31", self.account_wages, 3000)
        self._entry("2026-02-28", self.account_wages, 2500)
        self._entry("2026-02-28", self.account_cleaning, 1200)
        # Not counted: a draft, another community, an unmapped account,
        # another year.
        self._entry("2026-03-31", self.account_wages, 999, post=False)
        self._entry("2026-03-31", self.account_wages, 777, analytic=self.other_analytic)
        self._entry("2026-03-31", self.account_other, 555)
        self._entry("2025-12-31", self.account_wages, 333)
        staff, cleaning = self._line(self.cat_staff), self._line(self.cat_cleaning)
        self.assertEqual(staff.amount_actual, 5500)
        self.assertEqual(staff.amount_variance, -4500)
        self.assertEqual(staff.execution_rate, 55.0)
        self.assertEqual(cleaning.amount_actual, 1200)
        self.assertEqual(cleaning.execution_rate, 30.0)
        self.assertEqual(self.budget.amount_planned, 14000)
        self.assertEqual(self.budget.amount_actual, 6700)
        self.assertEqual(self.budget.amount_variance, -7300)
        self.assertAlmostEqual(self.budget.execution_rate, 47.86)

    def test_split_distribution_and_reversal(self):
        move = self._entry("2026-04-30", self.account_wages, 2000, percent=50)
        self.assertEqual(self._line(self.cat_staff).amount_actual, 1000)
        # Resetting the entry to draft takes it out of the actuals.
        move.button_draft()
        self.budget.invalidate_recordset()
        self.budget.line_ids.invalidate_recordset()
        self.assertEqual(self._line(self.cat_staff).amount_actual, 0)

    def test_overspending_shows_a_positive_variance(self):
        self._entry("2026-06-30", self.account_cleaning, 5000)
        cleaning = self._line(self.cat_cleaning)
        self.assertEqual(cleaning.amount_variance, 1000)
        self.assertEqual(cleaning.execution_rate, 125.0)

    def test_actuals_up_to_a_date(self):
        self._entry("2026-03-31", self.account_wages, 1000)
        self._entry("2026-04-01", self.account_wages, 2000)
        actuals = self.budget._get_actuals()
        self.assertEqual(actuals[self.cat_staff], 3000)
        actuals = self.budget._get_actuals(date(2026, 3, 31))
        self.assertEqual(actuals[self.cat_staff], 1000)

    def test_no_analytic_account_means_no_actuals(self):
        self._entry("2026-03-31", self.account_wages, 1000)
        self.community.analytic_account_id = False
        self.assertEqual(self._line(self.cat_staff).amount_actual, 0)

    def test_approved_budget_is_frozen(self):
        self.budget.action_approve()
        with self.assertRaises(UserError):
            self._line(self.cat_staff).amount_planned = 1
        with self.assertRaises(UserError):
            self.budget.year = 2027
        self.budget.action_draft()
        self._line(self.cat_staff).amount_planned = 12000
        self.assertEqual(self.budget.amount_planned, 16000)

    def test_a_budget_without_lines_cannot_be_approved(self):
        empty = self.env["property.budget"].create(
            {"community_id": self.community.id, "year": 2027}
        )
        with self.assertRaises(UserError):
            empty.action_approve()
        self.assertEqual(empty.state, "draft")

    def test_state_changes_only_through_the_buttons(self):
        staff = self._staff()
        self.budget.action_approve()
        budget = self.budget.with_user(staff)
        with self.assertRaises(UserError):
            budget.write({"state": "draft"})
        # A client may send any context key, the flag's name included.
        for key in ("property_budget_action", "default_state"):
            with self.subTest(key=key), self.assertRaises(UserError):
                budget.with_context(**{key: True}).write({"state": "draft"})
        self.assertEqual(self.budget.state, "approved")
        # The note stays writable on an approved budget.
        budget.note = "Reviewed"
        # Nor can a budget be created approved.
        Budget = self.env["property.budget"].with_user(staff)
        values = {"community_id": self.community.id, "year": 2030}
        with self.assertRaises(UserError):
            Budget.create(dict(values, state="approved"))
        with self.assertRaises(UserError):
            Budget.with_context(default_state="approved").create(values)
        with self.assertRaises(UserError):
            Budget.with_context(property_budget_action=True).create(
                dict(values, state="approved")
            )
        self.assertEqual(Budget.create(values).state, "draft")

    def test_only_managers_reset_an_approved_budget(self):
        staff = self._staff()
        self.budget.action_approve()
        with self.assertRaises(AccessError):
            self.budget.with_user(staff).action_draft()
        self.assertEqual(self.budget.state, "approved")

    def test_approve_and_reset_are_logged(self):
        def logged(text):
            return self.budget.message_ids.filtered(
                lambda m: text in (m.body or "") and self.env.user.name in m.body
            )

        self.budget.action_approve()
        self.assertEqual(self.budget.state, "approved")
        self.assertTrue(logged("approved by"))
        self.budget.action_draft()
        self.assertEqual(self.budget.state, "draft")
        self.assertTrue(logged("set back to draft by"))
