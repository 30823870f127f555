from unittest.mock import patch

from psycopg2 import OperationalError

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.account.models.account_move import AccountMove

from .common import BillingCase

RUN_LOGGER = "odoo.addons.property_billing.models.property_billing_run"


class TestBillingRunResilience(BillingCase):
    """A billing run never stalls on one payer: what goes wrong for one
    contract is logged on the run, the others are billed, and a run that
    cannot finish never holds up the runs after it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.neighbour = cls.env["res.partner"].create({"name": "王芳"})
        cls.contract = cls._create_contract()
        cls.neighbour_contract = cls._create_contract(
            unit=cls._create_unit("0102", 80.0, cls.neighbour)
        )

    def _prepay(self, partner, amount):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": "2025-12-20",
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        return payment.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )

    def test_credit_on_another_receivable_account_is_left_alone(self):
        """The owner prepaid on the receivable account he had then; his bills
        now go to another one. His credit waits for the accountant, as the
        invoice's outstanding-credits widget would offer none; his neighbour's
        bill, on the first account, is billed and settled in the same batch."""
        credit = self._prepay(self.owner, 300.0)
        self._prepay(self.neighbour, 50.0)
        self.owner.property_account_receivable_id = self.env["account.account"].create(
            {
                "code": "112201",
                "name": "Receivable from Owners",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        run = self._run("2026-01-01")
        self.assertFalse(run.log_ids)
        self.assertEqual(run.state, "done")
        owner_bill = run.move_ids.filtered(lambda move: move.partner_id == self.owner)
        neighbour_bill = run.move_ids - owner_bill
        self.assertEqual(owner_bill.payment_state, "not_paid")
        self.assertEqual(owner_bill.amount_residual, 250.0)
        self.assertFalse(credit.reconciled)
        self.assertEqual(credit.amount_residual, -300.0)
        self.assertEqual(neighbour_bill.payment_state, "partial")
        self.assertEqual(neighbour_bill.amount_residual, 150.0)
        self.assertFalse(owner_bill._get_reconciled_payments())

    def _post_failing_for(self, partner, error):
        post = AccountMove._post

        def _post(moves, soft=True):
            if partner in moves.partner_id:
                raise error
            return post(moves, soft)

        return patch.object(AccountMove, "_post", _post)

    def test_one_contract_failing_is_logged_and_the_batch_goes_on(self):
        third = self._create_contract(
            unit=self._create_unit(
                "0103", 60.0, self.env["res.partner"].create({"name": "刘洋"})
            )
        )
        with (
            self._post_failing_for(
                self.neighbour, UserError("该业主的应收科目已停用，请先启用。")
            ),
            mute_logger(RUN_LOGGER),
        ):
            run = self._run("2026-01-01")
        self.assertEqual(run.state, "done")
        self.assertEqual(run.processed_count, 3)
        self.assertEqual(run.move_ids.property_contract_id, self.contract | third)
        self.assertEqual(run.move_ids.mapped("state"), ["posted", "posted"])
        self.assertEqual(run.log_ids.contract_id, self.neighbour_contract)
        self.assertEqual(run.log_ids.reason, "该业主的应收科目已停用，请先启用。")
        self.assertFalse(self.neighbour_contract.invoice_ids, "nothing half-written")

        # Once the cause is gone, the next run bills the contract.
        again = self._run("2026-01-02")
        self.assertEqual(again.move_ids.property_contract_id, self.neighbour_contract)
        self.assertFalse(again.log_ids)

    def test_unexpected_error_is_logged_with_a_reason(self):
        with (
            self._post_failing_for(self.owner, ZeroDivisionError("division by zero")),
            mute_logger(RUN_LOGGER),
        ):
            run = self._run("2026-01-01")
        self.assertEqual(run.move_ids.property_contract_id, self.neighbour_contract)
        self.assertIn("Unexpected error (division by zero)", run.log_ids.reason)
        self.assertEqual(run.log_ids.contract_id, self.contract)

    def test_a_run_that_cannot_finish_does_not_block_the_next(self):
        Run = self.env["property.billing.run"]
        stuck, next_run = Run.create(
            [
                {"date": "2026-01-01", "company_id": self.company.id},
                {"date": "2026-01-01", "company_id": self.company.id},
            ]
        )
        stuck.community_ids = self.community
        next_run.community_ids = self._create_community("Maple Court", "MC")[0]
        (stuck | next_run).action_start()
        bill = Run._bill_isolated

        def bill_or_fail(run, contracts):
            if run == stuck:
                raise RuntimeError("the disk is full")
            return bill(run, contracts)

        with (
            patch.object(type(Run), "_bill_isolated", bill_or_fail),
            mute_logger(RUN_LOGGER),
        ):
            Run._cron_process()
            self.assertEqual(stuck.state, "failed")
            self.assertEqual(stuck.error, "the disk is full")
            self.assertEqual(stuck.processed_count, 0)
            Run._cron_process()
            Run._cron_process()
        self.assertEqual(next_run.state, "done")

        stuck.action_resume()
        self.assertEqual(stuck.state, "running")
        self.assertFalse(stuck.error)
        Run._cron_process()
        Run._cron_process()
        self.assertEqual(stuck.state, "done")
        self.assertEqual(
            stuck.move_ids.property_contract_id, self.contract | self.neighbour_contract
        )

    def test_a_lost_connection_is_retried_not_logged(self):
        """A lock or a lost connection rolls the batch back for the scheduler
        to try again: no contract is marked as failed for it."""
        run = self.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": self.company.id}
        )
        run._start()
        with (
            self._post_failing_for(self.owner, OperationalError("server closed")),
            self.assertRaises(OperationalError),
        ):
            run._process_batch()
        self.assertFalse(run.log_ids)
        self.assertEqual(run.processed_count, 0)
