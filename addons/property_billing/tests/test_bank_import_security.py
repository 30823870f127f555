import base64
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestBankImportSecurity(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.company_data["default_journal_bank"]
        cls._create_contract()
        cls.january = cls._run_class("2026-01-01").move_ids
        cls.february = cls._run_class("2026-02-01").move_ids
        cls.march = cls._run_class("2026-03-01").move_ids
        cls.clerk = new_test_user(
            cls.env,
            login="bank_clerk",
            groups="account.group_account_invoice,property_base.group_property_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.clerk.property_community_ids = cls.community
        cls.staff = new_test_user(
            cls.env,
            login="bank_staff_no_billing",
            groups="property_base.group_property_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.staff.property_community_ids = cls.community

    @classmethod
    def _run_class(cls, date):
        run = cls.env["property.billing.run"].create(
            {"date": date, "company_id": cls.company.id}
        )
        run.action_run()
        return run

    def _wizard(self, text, encoding="utf-8-sig", user=None, journal=None):
        data = text if isinstance(text, bytes) else text.encode(encoding)
        return (
            self.env["property.bank.statement.import"]
            .with_user(user or self.env.user)
            .create(
                {
                    "journal_id": (journal or self.bank).id,
                    "data_file": base64.b64encode(data),
                    "filename": "statement.csv",
                    "encoding": encoding,
                }
            )
        )

    def _import(self, text, **kwargs):
        return self._wizard(text, **kwargs).action_import()

    def _lines(self):
        return self.env["account.bank.statement.line"].search(
            [("journal_id", "=", self.bank.id)], order="id"
        )

    def _owner_balance(self):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.owner.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))

    # ------------------------------------------------------------------
    # 6. A bank line is imported once, a bill is paid once
    # ------------------------------------------------------------------
    def test_the_same_file_imported_twice_adds_nothing(self):
        reference = self.january.payment_reference
        text = (
            "date,amount,reference,payer\n"
            f"2026-01-20,250.00,{reference},张伟\n"
            "2026-01-21,88.00,unknown transfer,李娜\n"
        )
        first = self._import(text)
        self.assertEqual(first["params"]["added"], 2)
        self.assertEqual(first["params"]["skipped"], 0)
        lines = self._lines()
        balance = self._owner_balance()
        self.assertEqual(self.january.payment_state, "paid")
        self.assertEqual(self.february.payment_state, "not_paid")

        again = self._import(text)
        self.assertEqual(again["params"]["added"], 0)
        self.assertEqual(again["params"]["skipped"], 2)
        self.assertIn("2 lines were already imported", again["params"]["message"])
        self.assertEqual(self._lines(), lines)
        self.assertEqual(self._owner_balance(), balance)
        self.assertEqual(self.february.payment_state, "not_paid")

    def test_identical_transfers_of_one_day_both_count(self):
        line = "2026-01-21,88.00,unknown transfer,李娜\n"
        header = "date,amount,reference,payer\n"
        self._import(header + line + line)
        self.assertEqual(len(self._lines()), 2)
        # A later export of the same account repeats them, with a third one.
        action = self._import(header + line + line + line)
        self.assertEqual(action["params"]["added"], 1)
        self.assertEqual(action["params"]["skipped"], 2)
        self.assertEqual(len(self._lines()), 3)

    def test_import_key_is_unique_per_journal(self):
        self._import("date,amount,reference\n2026-01-21,88.00,unknown\n")
        line = self._lines()
        self.assertTrue(line.property_import_key)
        values = {
            "date": "2026-01-21",
            "amount": 88.0,
            "payment_ref": "unknown",
            "property_import_key": line.property_import_key,
        }
        other_bank = self.bank.copy({"name": "Second Bank", "code": "BNK9"})
        self.env["account.bank.statement.line"].create(
            {**values, "journal_id": other_bank.id}
        )
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["account.bank.statement.line"].create(
                {**values, "journal_id": self.bank.id}
            )

    def test_lines_imported_meanwhile_by_someone_else_are_refused(self):
        """Another import of the same lines commits between the look-up and
        the insert: the database refuses the second copy, all of it."""
        text = "date,amount,reference\n2026-01-21,88.00,unknown\n2026-01-22,9,x\n"
        self._import(text)
        lines = self._lines()
        Wizard = type(self.env["property.bank.statement.import"])
        with (
            patch.object(Wizard, "_known_keys", lambda wizard, keys: set()),
            self.assertRaisesRegex(UserError, "Someone is importing"),
        ):
            self._import(text)
        self.assertEqual(self._lines(), lines)

    def test_a_paid_bill_is_not_paid_again(self):
        reference = self.january.payment_reference
        self._import(f"date,amount,reference\n2026-01-20,250,{reference}\n")
        self.assertEqual(self.january.payment_state, "paid")
        balance = self._owner_balance()
        # The resident pays the same bill again a day later: the transfer waits
        # for a person (refund or credit), it settles nothing by itself.
        action = self._import(f"date,amount,reference\n2026-01-21,250,{reference}\n")
        second = self._lines()[-1]
        self.assertFalse(second.is_reconciled)
        self.assertFalse(second.property_move_id)
        self.assertEqual(action["params"]["next"]["domain"], [("id", "in", second.ids)])
        self.assertEqual(self._owner_balance(), balance)
        self.assertEqual(self.february.payment_state, "not_paid")
        with self.assertRaisesRegex(UserError, "not open for payment"):
            self.env["property.transfer.match"].create(
                {"statement_line_id": second.id, "move_id": self.january.id}
            ).action_match()
        self.assertFalse(second.is_reconciled)

    def test_a_matched_transfer_is_not_matched_again(self):
        reference = self.january.payment_reference
        self._import(f"date,amount,reference\n2026-01-20,100,{reference}\n")
        matched = self._lines()
        self.assertEqual(matched.property_move_id, self.january)
        self.assertEqual(self.january.amount_residual, 150.0)
        with self.assertRaisesRegex(UserError, "already matched"):
            self.env["property.transfer.match"].create(
                {"statement_line_id": matched.id, "move_id": self.february.id}
            ).action_match()
        self.assertFalse(matched._property_auto_match())
        self.assertEqual(self.january.amount_residual, 150.0)
        self.assertEqual(self.february.payment_state, "not_paid")

    def test_undone_match_can_be_matched_again(self):
        reference = self.january.payment_reference
        self._import(f"date,amount,reference\n2026-01-20,250,{reference}\n")
        line = self._lines()
        line.action_undo_reconciliation()
        self.assertFalse(line.property_move_id)
        self.assertEqual(self.january.payment_state, "not_paid")
        self.env["property.transfer.match"].create(
            {"statement_line_id": line.id, "move_id": self.february.id}
        ).action_match()
        self.assertEqual(self.february.payment_state, "paid")
        self.assertEqual(self.january.payment_state, "not_paid")

    # ------------------------------------------------------------------
    # 12. Bad values refused with their row and column, nothing written
    # ------------------------------------------------------------------
    def test_bad_amounts_are_refused_with_row_and_column(self):
        count = self.env["account.bank.statement.line"].search_count([])
        for amount in ("inf", "-inf", "nan", "1e300", "12\x0034", "=1+2", "abc"):
            with (
                self.subTest(amount=amount),
                self.assertRaisesRegex(UserError, "Row 3, column “金额”"),
            ):
                self._import(
                    "交易日期,金额,摘要\n"
                    "2026-01-20,10.00,first line is fine\n"
                    f"2026-01-21,{amount},second\n"
                )
        self.assertEqual(
            self.env["account.bank.statement.line"].search_count([]), count
        )

    def test_bad_text_and_dates_are_refused_with_row_and_column(self):
        count = self.env["account.bank.statement.line"].search_count([])
        cases = [
            ("2026-01-20,10,bad\x00memo,张伟", "Row 2, column “reference”"),
            ("2026-01-20,10,memo,张\x00伟", "Row 2, column “payer”"),
            ("2026-02-30,10,memo,张伟", "Row 2, column “date”"),
            ("20.01.2026,10,memo,张伟", "Row 2, column “date”"),
            ("2026-01-20\x00,10,memo,张伟", "Row 2, column “date”"),
        ]
        for line, message in cases:
            with self.subTest(line=line), self.assertRaisesRegex(UserError, message):
                self._import(f"date,amount,reference,payer\n{line}\n")
        self.assertEqual(
            self.env["account.bank.statement.line"].search_count([]), count
        )

    def test_bad_files_get_clear_messages(self):
        count = self.env["account.bank.statement.line"].search_count([])
        with self.assertRaisesRegex(UserError, "empty"):
            self._import(b"")
        with self.assertRaisesRegex(UserError, "empty"):
            self._import(b"\n\n  \n")
        with self.assertRaisesRegex(UserError, "not in UTF-8"):
            self._import("日期,金额,摘要\n2026-01-20,10,物业费\n".encode("gb18030"))
        with self.assertRaisesRegex(UserError, r"Missing: a reference \(摘要\)"):
            self._import("date,amount\n2026-01-20,10\n")
        with self.assertRaisesRegex(UserError, "Missing: a date.*an amount"):
            self._import("payer,reference\n张伟,x\n")
        with self.assertRaisesRegex(UserError, "no transaction"):
            self._import("date,amount,reference\n,,\n")
        self.assertEqual(
            self.env["account.bank.statement.line"].search_count([]), count
        )

    # ------------------------------------------------------------------
    # 14. Matching by reference does not depend on the payer column
    # ------------------------------------------------------------------
    def test_reference_matches_whatever_the_payer_name(self):
        bills = self.january | self.february | self.march
        payers = ("ZHANG San", "张伟", "")
        rows = "".join(
            f"2026-03-20,250,{bill.payment_reference},{payer}\n"
            for bill, payer in zip(bills, payers, strict=True)
        )
        action = self._import("date,amount,reference,payer\n" + rows)
        self.assertEqual(action["params"]["next"]["domain"], [("id", "in", [])])
        self.assertEqual(set(bills.mapped("payment_state")), {"paid"})
        lines = self._lines()
        self.assertEqual(lines.property_move_id, bills)
        self.assertEqual(lines.mapped("partner_name"), ["ZHANG San", "张伟", False])
        self.assertNotIn("ZHANG", "".join(lines.mapped("payment_ref")))

    def test_reference_followed_by_latin_text_in_the_memo(self):
        compact = self.january.payment_reference.replace(" ", "")
        spaced = self.february.payment_reference
        self._import(
            "date,amount,reference,payer\n"
            f"2026-03-20,250,{compact}ZHANG San fee,ZHANG San\n"
            f"2026-03-20,250,物业费 {spaced} WANG Wu,\n"
        )
        self.assertEqual(self.january.payment_state, "paid")
        self.assertEqual(self.february.payment_state, "paid")
        self.assertEqual(self.march.payment_state, "not_paid")

    # ------------------------------------------------------------------
    # 13. Billing users import and match; others cannot
    # ------------------------------------------------------------------
    def test_billing_user_imports_and_matches(self):
        reference = self.january.payment_reference
        action = self._import(
            "date,amount,reference,payer\n"
            f"2026-01-20,250,{reference},ZHANG San\n"
            "2026-01-21,250,unknown transfer,张伟\n",
            user=self.clerk,
        )
        self.assertEqual(action["params"]["added"], 2)
        self.assertEqual(self.january.payment_state, "paid")
        unmatched = self.env["account.bank.statement.line"].with_user(self.clerk)
        unmatched = unmatched.search(action["params"]["next"]["domain"])
        self.assertEqual(len(unmatched), 1)
        self.assertEqual(unmatched.create_uid, self.clerk)
        self.env["property.transfer.match"].with_user(self.clerk).create(
            {"statement_line_id": unmatched.id, "move_id": self.february.id}
        ).action_match()
        self.assertEqual(self.february.payment_state, "paid")
        self.assertBalanced(unmatched.move_id)

    def test_user_without_billing_is_refused(self):
        with self.assertRaises(AccessError):
            self._import("date,amount,reference\n2026-01-20,10,x\n", user=self.staff)
        Line = self.env["account.bank.statement.line"].with_user(self.staff)
        with self.assertRaisesRegex(AccessError, "Billing right"):
            Line._property_check_bank_access(self.bank)
        self.assertFalse(self._lines())

    def test_billing_user_only_on_bank_journals_of_the_session(self):
        sales = self.company_data["default_journal_sale"]
        with self.assertRaisesRegex(UserError, "not a bank or cash journal"):
            self._import("date,amount,reference\n2026-01-20,10,x\n", journal=sales)
        other = self.setup_other_company(name="Other Estate Co")
        other_bank = other["default_journal_bank"]
        # A journal of a company the user does not belong to.
        with self.assertRaises(AccessError):
            self._import(
                "date,amount,reference\n2026-01-20,10,x\n",
                user=self.clerk,
                journal=other_bank,
            )
        # A company the user belongs to, but not active in the session.
        self.clerk.company_ids |= other["company"]
        wizard = self._wizard(
            "date,amount,reference\n2026-01-20,10,x\n",
            user=self.clerk,
            journal=other_bank,
        ).with_context(allowed_company_ids=self.company.ids)
        with self.assertRaises(AccessError):
            wizard.action_import()
        self.assertFalse(
            self.env["account.bank.statement.line"].search(
                [("journal_id", "in", (other_bank | sales).ids)]
            )
        )
