from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError, OperationalError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .common import BillingCase


class TestBillingRun(BillingCase):
    def test_monthly_in_advance(self):
        contract = self._create_contract(cycle="monthly", due_days=15)
        run = self._run("2026-01-05")
        invoice = run.move_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.owner)
        self.assertEqual(invoice.property_contract_id, contract)
        self.assertEqual(invoice.property_unit_id, self.unit)
        self.assertEqual(str(invoice.property_period_start), "2026-01-01")
        self.assertEqual(str(invoice.property_period_end), "2026-01-31")
        self.assertEqual(str(invoice.invoice_date_due), "2026-01-16")
        self.assertEqual(invoice.amount_total, 250.0)  # 100 m² x 2.50
        self.assertTrue(invoice.payment_reference.startswith("RF"))
        self.assertEqual(len(invoice.invoice_line_ids), 1)
        self.assertBalanced(invoice)
        self.assertEqual(run.state, "done")
        self.assertEqual(self.unit.property_balance, 250.0)

    def test_quarterly_start_inside_period_is_prorated(self):
        self._create_contract(cycle="quarterly", date_start="2026-02-10")
        invoice = self._run("2026-02-15").move_ids
        # 100 m² x 2.50 x 3 months x 50 of 90 days
        self.assertEqual(invoice.amount_total, 416.67)
        self.assertEqual(str(invoice.property_period_start), "2026-02-10")
        self.assertEqual(str(invoice.property_period_end), "2026-03-31")

    def test_arrears_bill_the_past_period(self):
        self._create_contract(cycle="monthly", billing_mode="arrears", due_days=10)
        self.assertFalse(self._run("2026-01-20").move_ids, "January is not over")
        invoice = self._run("2026-02-01").move_ids
        self.assertEqual(str(invoice.property_period_end), "2026-01-31")
        self.assertEqual(str(invoice.invoice_date_due), "2026-02-10")
        self.assertEqual(invoice.amount_total, 250.0)

    def test_semiannual_and_annual_ending_inside_period(self):
        self._create_contract(cycle="semiannual")
        self._create_contract(
            unit=self._create_unit("0102", 80.0, self.owner),
            cycle="annual",
            date_end="2026-06-30",
        )
        invoices = self._run("2026-01-01").move_ids.sorted("amount_total")
        # Semi-annual: 100 m² x 2.50 x 6; annual until June: 80 x 2.50 x 12 x 181/365
        self.assertEqual(invoices.mapped("amount_total"), [1190.14, 1500.0])
        self.assertBalanced(invoices)

    def test_missed_periods_are_caught_up(self):
        self._create_contract(cycle="monthly", date_start="2026-01-20")
        invoices = self._run("2026-03-02").move_ids.sorted("property_period_start")
        self.assertEqual(
            [str(d) for d in invoices.mapped("property_period_start")],
            ["2026-01-20", "2026-02-01", "2026-03-01"],
        )
        # 12 of 31 days of January
        self.assertEqual(invoices[0].amount_total, 96.77)

    def test_closed_contracts_are_left_out_after_a_year(self):
        contract = self._create_contract(date_start="2024-01-01", date_end="2024-06-30")
        contract.state = "closed"
        self.assertEqual(self._run("2025-05-01").processed_count, 1)
        self.assertEqual(self._run("2025-08-01").processed_count, 0)

    def test_mid_year_rate_change(self):
        self._create_contract(cycle="quarterly")
        first_quarter = self._run("2026-01-01").move_ids
        self.env["property.fee.rate"].create(
            {"fee_type_id": self.fee_area.id, "date_from": "2026-05-16", "rate": 3.0}
        )
        second_quarter = self._run("2026-04-01").move_ids
        # April 1 - May 15 at 2.50, May 16 - June 30 at 3.00, over 91 days
        expected = round(100 * 3 * (2.5 * 45 + 3.0 * 46) / 91, 2)
        self.assertEqual(second_quarter.amount_total, expected)
        self.assertEqual(
            first_quarter.amount_total, 750.0, "issued invoices never change"
        )

    def test_rate_override_and_discount(self):
        contract = self._create_contract(activate=False)
        contract.line_ids.write({"rate_override": 2.0, "discount": 10.0})
        contract.action_activate()
        invoice = self._run("2026-01-01").move_ids
        self.assertEqual(invoice.amount_total, 180.0)

    def test_same_run_twice_and_second_run_bill_nothing(self):
        self._create_contract()
        run = self._run("2026-01-01")
        run.action_run()
        again = self._run("2026-01-15")
        self.assertEqual(len(run.move_ids), 1)
        self.assertFalse(again.move_ids)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("property_contract_id", "!=", False)]
            ),
            1,
        )

    @mute_logger("odoo.sql_db")
    def test_database_refuses_second_invoice_for_a_period(self):
        contract = self._create_contract()
        invoice = self._run("2026-01-01").move_ids
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            invoice.copy(
                {
                    "property_contract_id": contract.id,
                    "property_period_start": invoice.property_period_start,
                }
            )
        # Once cancelled, the period may be billed again.
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(len(self._run("2026-01-02").move_ids), 1)

    def test_concurrent_invoice_is_skipped_not_duplicated(self):
        """Another worker billed a period between our check and our insert:
        the database refuses ours and the run carries on with the rest."""
        first = self._create_contract()
        second = self._create_contract(unit=self._create_unit("0103", 60.0, self.owner))
        Run = self.env["property.billing.run"]
        prepare = type(Run)._prepare_invoices

        def prepare_then_race(run, contracts):
            vals_list, skipped = prepare(run, contracts)
            other = Run.create({"date": run.date, "company_id": self.company.id})
            other._create_invoices(
                [dict(vals_list[0], property_billing_run_id=other.id)]
            )
            return vals_list, skipped

        with patch.object(type(Run), "_prepare_invoices", prepare_then_race):
            run = self._run("2026-01-01")
        self.assertEqual(run.move_ids.property_contract_id, second)
        for contract in first | second:
            self.assertEqual(len(contract.invoice_ids), 1)

    def test_run_killed_midway_finishes_on_rerun(self):
        contracts = self._create_contract()
        for number in ("0201", "0202", "0203"):
            contracts |= self._create_contract(
                unit=self._create_unit(number, 50.0, self.owner)
            )
        run = self.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": self.company.id}
        )
        run._start()
        self.assertTrue(run._process_batch(batch_size=2))  # committed batch
        with (
            patch.object(
                type(run),
                "_create_invoices",
                side_effect=OperationalError("server closed the connection"),
            ),
            self.assertRaises(OperationalError),
            self.cr.savepoint(),
        ):
            run._process_batch(batch_size=2)  # the worker dies: rolled back
        self.assertEqual(run.processed_count, 2)
        run.action_run()
        self.assertEqual(run.state, "done")
        for contract in contracts:
            self.assertEqual(len(contract.invoice_ids), 1)
        self.assertEqual(run.invoice_count, 4)

    def test_bad_contracts_are_logged_and_skipped(self):
        good = self._create_contract()
        no_payer = self._create_contract(
            unit=self._create_unit("0301", 70.0), activate=False
        )
        no_payer.state = "active"  # e.g. imported from another system
        self.assertFalse(no_payer.partner_id)
        no_rate_fee = self._create_fee_type(
            "Garbage Fee", "fixed", 10.0, date_from="2027-01-01"
        )
        no_rate = self._create_contract(
            unit=self._create_unit("0302", 70.0, self.owner), fee_types=no_rate_fee
        )
        run = self._run("2026-01-01")
        self.assertEqual(run.move_ids.property_contract_id, good)
        reasons = {log.contract_id: log.reason for log in run.log_ids}
        self.assertIn("No payer", reasons[no_payer])
        self.assertIn("No rate for Garbage Fee", reasons[no_rate])
        self.assertEqual(run.processed_count, 3)

    def test_prepayment_is_applied_to_new_invoices(self):
        self._create_contract(cycle="monthly")
        prepayment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.owner.id,
                "amount": 300.0,
                "date": "2025-12-20",
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        prepayment.action_post()
        january = self._run("2026-01-01").move_ids
        self.assertEqual(january.payment_state, "paid")
        february = self._run("2026-02-01").move_ids
        self.assertEqual(february.payment_state, "partial")
        self.assertEqual(february.amount_residual, 200.0)  # 50 of credit was left
        self.assertEqual(self.unit.property_balance, 200.0)

    def test_drafts_when_posting_is_off(self):
        self.company.property_billing_auto_post = False
        self._create_contract()
        invoice = self._run("2026-01-01").move_ids
        self.assertEqual(invoice.state, "draft")

    def test_cron_bills_in_batches_with_progress(self):
        contracts = self._create_contract()
        contracts |= self._create_contract(
            unit=self._create_unit("0401", 50.0, self.owner)
        )
        with freeze_time("2026-01-01"):
            self.env["property.billing.run"]._cron_create_monthly_runs()
        run = self.env["property.billing.run"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(run.state, "running")
        self.assertEqual(str(run.date), "2026-01-01")
        with patch.object(type(self.env["ir.cron"]), "_notify_progress") as progress:
            self.env["property.billing.run"]._cron_process(batch_size=1)
        progress.assert_called_once_with(done=1, remaining=1)
        self.env["property.billing.run"]._cron_process(batch_size=1)
        self.env["property.billing.run"]._cron_process(batch_size=1)
        self.assertEqual(run.state, "done")
        self.assertEqual(contracts.invoice_ids.property_billing_run_id, run)

    def test_run_is_done_with_its_last_batch(self):
        """Not an hour later, when the scheduler passes again: the batch that
        bills the last contracts ends the run."""
        for number in ("0501", "0502", "0503"):
            self._create_contract(unit=self._create_unit(number, 50.0, self.owner))
        run = self.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": self.company.id}
        )
        run._start()
        Run = self.env["property.billing.run"]
        Run._cron_process(batch_size=2)
        self.assertEqual((run.state, run.processed_count), ("running", 2))
        Run._cron_process(batch_size=2)
        self.assertEqual((run.state, run.processed_count), ("done", 3))
        self.assertEqual(run.progress, 100)

    def test_billing_batch_query_budget(self):
        fee_fixed = self._create_fee_type("Elevator Fee", "fixed", 20.0)
        for number in range(10):
            self._create_contract(
                unit=self._create_unit(f"05{number:02d}", 90.0, self.owner),
                fee_types=self.fee_area | fee_fixed,
            )
        run = self.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": self.company.id}
        )
        run._start()
        self.env.invalidate_all()
        # 10 invoices of 2 lines, created, posted and settled with credit.
        with self.assertQueryCount(200):
            run._process_batch()
        self.assertEqual(len(run.move_ids), 10)
        self.assertBalanced(run.move_ids)
        # The journal's last number is looked up once per batch: the numbers
        # still follow each other, without gaps or repeats.
        numbers = sorted(run.move_ids.mapped("sequence_number"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 10)))
        self.assertEqual(len(set(run.move_ids.mapped("sequence_prefix"))), 1)
        following = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.owner.id,
                "invoice_date": "2026-01-01",
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": 9.0})
                ],
            }
        )
        following.action_post()
        self.assertEqual(following.sequence_number, numbers[-1] + 1)

    def _move_in(self, partner, date):
        """``partner`` lives in the unit from ``date``: only someone tied to the
        unit may pay its contract."""
        self.env["property.occupancy"].create(
            {
                "unit_id": self.unit.id,
                "partner_id": partner.id,
                "role": "resident",
                "date_start": date,
            }
        )

    def test_change_of_payer_inside_a_period(self):
        """A sale on the 16th: the seller's contract ends on the 15th, the
        buyer's starts on the 16th; each pays their days."""
        seller_contract = self._create_contract(date_end="2026-01-15")
        buyer = self.env["res.partner"].create({"name": "王芳"})
        self._move_in(buyer, "2026-01-16")
        buyer_contract = self._create_contract(
            date_start="2026-01-16", partner_id=buyer.id
        )
        invoices = self._run("2026-01-20").move_ids
        seller_invoice = invoices.filtered(
            lambda m: m.property_contract_id == seller_contract
        )
        buyer_invoice = invoices.filtered(
            lambda m: m.property_contract_id == buyer_contract
        )
        self.assertEqual(seller_invoice.amount_total, 120.97)  # 15 of 31 days
        self.assertEqual(buyer_invoice.amount_total, 129.03)  # 16 of 31 days
        self.assertEqual(buyer_invoice.partner_id, buyer)

    def test_change_payer_wizard(self):
        contract = self._create_contract(cycle="quarterly")
        self._run("2026-01-01")  # Q1 billed to the seller in advance
        buyer = self.env["res.partner"].create({"name": "赵磊"})
        self._move_in(buyer, "2026-05-01")
        wizard = self.env["property.fee.contract.change.payer"].create(
            {"contract_id": contract.id, "partner_id": buyer.id, "date": "2026-05-01"}
        )
        successor = self.env["property.fee.contract"].browse(
            wizard.action_confirm()["res_id"]
        )
        self.assertEqual(str(contract.date_end), "2026-04-30")
        self.assertEqual(contract.state, "closed")
        self.assertEqual(successor.partner_id, buyer)
        self.assertEqual(successor.state, "active")
        self.assertEqual(successor.line_ids.fee_type_id, self.fee_area)
        seller = self._run("2026-04-01").move_ids
        # The buyer's share is billed by the first run after the change.
        buyer_invoice = self._run("2026-05-01").move_ids
        self.assertEqual(seller.partner_id, self.owner)
        self.assertEqual(buyer_invoice.partner_id, buyer)
        # Q2 has 91 days: 30 for the seller, 61 for the buyer.
        self.assertEqual(seller.amount_total, round(750 * 30 / 91, 2))
        self.assertEqual(buyer_invoice.amount_total, round(750 * 61 / 91, 2))
        with self.assertRaises(UserError):
            successor._change_payer(buyer, "2026-06-01")
        with self.assertRaises(UserError):
            successor._change_payer(self.owner, "2026-05-01")

    def test_contract_payer_defaults_to_unit_payer(self):
        contract = self._create_contract(activate=False)
        self.assertEqual(contract.partner_id, self.owner)
        self.assertEqual(contract.state, "draft")
        contract.line_ids = [Command.clear()]
        with self.assertRaises(UserError) as error:
            contract.action_activate()
        self.assertIn("has no fee item", str(error.exception))
        self.assertEqual(contract.state, "draft")

    def test_vacancy_discount(self):
        self.community.vacancy_discount = 30.0
        contract = self._create_contract(activate=False)
        contract.line_ids.discount = 10.0
        contract.action_activate()
        self.unit.owner_absent = True
        self.assertEqual(self.unit.state, "vacant")
        invoice = self._run("2026-01-01").move_ids
        # 250 less 10 % less 30 %
        self.assertEqual(invoice.amount_total, 157.5)
        self.assertEqual(invoice.partner_id, self.owner, "the absent owner pays")
