import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestCounterAndBankPayments(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cash = cls.env["account.journal"].create(
            {
                "name": "Counter Cash",
                "code": "CCSH",
                "type": "cash",
                "company_id": cls.company.id,
                "property_counter_method": "cash",
            }
        )
        cls.bank = cls.company_data["default_journal_bank"]
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls._create_contract()
        cls.january = cls._run_class("2026-01-01").move_ids
        cls.february = cls._run_class("2026-02-01").move_ids

    @classmethod
    def _run_class(cls, date):
        run = cls.env["property.billing.run"].create(
            {"date": date, "company_id": cls.company.id}
        )
        run.action_run()
        return run

    def _counter(self, amount=None, **values):
        wizard = self.env["property.counter.payment"].create(
            {"unit_id": self.unit.id, "journal_id": self.cash.id, **values}
        )
        if amount is not None:
            wizard.amount = amount
        return wizard

    def _payment(self):
        return self.env["account.payment"].search(
            [("partner_id", "=", self.owner.id)], order="id desc", limit=1
        )

    def test_counter_payment_settles_oldest_first_and_keeps_credit(self):
        wizard = self._counter()
        self.assertEqual(wizard.partner_id, self.owner)
        self.assertEqual(wizard.invoice_ids, self.january | self.february)
        self.assertEqual(wizard.amount_due, 500.0)
        wizard.amount = 600.0
        action = wizard.action_confirm()
        self.assertEqual(
            action["report_name"], "property_billing.report_property_receipt"
        )
        payment = self._payment()
        self.assertEqual(payment.property_unit_id, self.unit)
        self.assertEqual(self.january.payment_state, "paid")
        self.assertEqual(self.february.payment_state, "paid")
        allocations, credit = payment._property_receipt_allocations()
        self.assertEqual(dict(allocations), {self.january: 250.0, self.february: 250.0})
        self.assertAlmostEqual(credit, 100.0)
        self.assertBalanced(payment.move_id)
        # The credit settles the next bill as soon as it is posted.
        march = self._run("2026-03-01").move_ids
        self.assertEqual(march.amount_residual, 150.0)

    def test_receipt_prints_at_once_without_a_document_layout(self):
        """A company that never chose a document layout: the receipt prints,
        Odoo's layout wizard does not open over a payment already saved."""
        self.company.external_report_layout_id = False
        action = self._counter(amount=250.0).action_confirm()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "property_billing.report_property_receipt"
        )

    def test_partial_counter_payment_pays_the_oldest_bill(self):
        self._counter(amount=300.0).action_confirm()
        self.assertEqual(self.january.payment_state, "paid")
        self.assertEqual(self.february.payment_state, "partial")
        self.assertEqual(self.february.amount_residual, 200.0)

    def test_receipt_lists_the_settled_bills(self):
        self._counter(amount=250.0).action_confirm()
        payment = self._payment()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "property_billing.report_property_receipt", payment.ids
        )
        html = html.decode()
        self.assertIn(payment.name, html)
        self.assertIn(self.january.name, html)
        self.assertIn(self.unit.code, html)
        # Odoo's receipt, with how they paid, the fee items and the amount
        # in words; the cashier signs a counter receipt.
        self.assertIn(payment._property_receipt_method(), html)
        self.assertIn(self.january.invoice_line_ids.product_id.name, html)
        self.assertIn(payment._property_amount_in_words(), html)
        self.assertIn(payment.create_uid.name, html)

    def test_receipt_amount_in_capitals_for_yuan(self):
        self._counter(amount=250.0).action_confirm()
        payment = self._payment()
        cny = self.env.ref("base.CNY")
        cny.active = True
        self.assertEqual(
            payment.new(
                {"amount": 1234.5, "currency_id": cny.id}
            )._property_amount_in_words(),
            "壹仟贰佰叁拾肆元伍角整",
        )

    def test_counter_payment_refuses_nothing_received(self):
        wizard = self._counter(amount=0.0)
        count = self.env["account.payment"].search_count([])
        with self.assertRaisesRegex(UserError, "above zero"):
            wizard.action_confirm()
        self.assertEqual(self.env["account.payment"].search_count([]), count)

    # ------------------------------------------------------------------
    # Bank statements
    # ------------------------------------------------------------------
    def _import(self, text, encoding="utf-8-sig"):
        wizard = self.env["property.bank.statement.import"].create(
            {
                "journal_id": self.bank.id,
                "data_file": base64.b64encode(text.encode(encoding)),
                "filename": "statement.csv",
                "encoding": encoding,
            }
        )
        return wizard.action_import()

    def test_statement_matches_references_and_lists_the_rest(self):
        reference = self.january.payment_reference.replace(" ", "")
        action = self._import(
            "交易日期,金额,摘要,对方户名\n"
            f"2026-01-20,250.00,物业费 {reference},张伟\n"
            "2026-01-21,88.00,unknown transfer,李娜\n"
        )
        self.assertEqual(self.january.payment_state, "paid")
        self.assertEqual(self.february.payment_state, "not_paid")
        lines = self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank.id)], order="amount desc"
        )
        matched, unmatched = lines
        self.assertTrue(matched.is_reconciled)
        self.assertEqual(matched.property_move_id, self.january)
        self.assertBalanced(matched.move_id)
        self.assertFalse(unmatched.is_reconciled)
        self.assertEqual(
            self.env["account.bank.statement.line"].search(
                action["params"]["next"]["domain"]
            ),
            unmatched,
        )
        # A person matches what is left, by hand; the extra becomes credit.
        self.env["property.transfer.match"].create(
            {"statement_line_id": unmatched.id, "move_id": self.february.id}
        ).action_match()
        self.assertTrue(unmatched.is_reconciled)
        self.assertEqual(self.february.amount_residual, 162.0)
        with self.assertRaisesRegex(UserError, "already matched"):
            unmatched._property_reconcile_bill(self.february)

    def test_transfer_above_the_bill_settles_the_next_ones(self):
        reference = self.january.payment_reference
        self._import(f"date,amount,reference\n2026-01-20,600,{reference}\n")
        self.assertEqual(self.january.payment_state, "paid")
        self.assertEqual(self.february.payment_state, "paid")
        credit = self.env["account.move.line"].search(
            [("partner_id", "=", self.owner.id), ("amount_residual", "<", 0)]
        )
        self.assertAlmostEqual(sum(credit.mapped("amount_residual")), -100.0)

    def test_bad_statement_imports_nothing(self):
        count = self.env["account.bank.statement.line"].search_count([])
        with self.assertRaisesRegex(UserError, "Row 3"):
            self._import("date,amount,reference\n2026-01-20,10,a\nnot a date,5,b\n")
        with self.assertRaisesRegex(UserError, "name the columns"):
            self._import("foo,bar\n1,2\n")
        with self.assertRaisesRegex(UserError, "no transaction"):
            self._import("date,amount,reference\n")
        self.assertEqual(
            self.env["account.bank.statement.line"].search_count([]), count
        )

    def test_gbk_statement(self):
        reference = self.january.payment_reference
        self._import(
            f"日期,金额,附言\n2026/01/20,250,{reference}\n", encoding="gb18030"
        )
        self.assertEqual(self.january.payment_state, "paid")

    def test_statement_lines_only_outgoing_are_refused(self):
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank.id,
                "date": "2026-01-20",
                "amount": -50.0,
                "payment_ref": "bank fee",
            }
        )
        self.assertFalse(line._property_auto_match())
        with self.assertRaisesRegex(UserError, "incoming"):
            line._property_reconcile_bill(self.january)
        self.assertFalse(line.line_ids.filtered(lambda l: l.partner_id == self.owner))
