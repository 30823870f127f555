from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .. import plan_codec
from ..models import property_migration_import
from .common import MigrationCase

IMPORT_LOGGER = "odoo.addons.property_migration.models.property_migration_import"


class TestBatches(MigrationCase):
    """A large file is written by the scheduler in batches, each in a
    transaction of its own, with a progress bar; a failed batch stops the
    import, which resumes where it stopped."""

    def _run_scheduler(self, limit=50):
        Import = self.env["property.migration.import"]
        for _call in range(limit):
            if not Import.search([("state", "=", "running")]):
                return
            Import._cron_process()
        self.fail("the scheduler did not finish the import")

    def _start_in_batches(self, record, batch_size=2):
        record.action_dry_run()
        self.assertTrue(record._start(batch_size=batch_size), record.report)
        return record

    def test_large_file_goes_to_the_scheduler(self):
        record = self._import_record()
        record.action_dry_run()
        with patch.object(property_migration_import, "IMMEDIATE_ROWS", 5):
            action = record.action_import()
        self.assertEqual(action["params"]["type"], "info")
        self.assertEqual(record.state, "running")
        self.assertEqual(record.progress, 0.0)
        self.assertEqual(record.row_count, 13)
        # The scheduler checks the file again and cuts it, not the request.
        self.assertTrue(record.to_start)
        self.assertFalse(record.batch_ids)
        self.assertFalse(self._units())
        cron = self.env.ref("property_migration.ir_cron_process_imports")
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        )
        # The file cannot change under a running import.
        with self.assertRaises(UserError):
            record.invoice_per_year = True
        with self.assertRaises(UserError):
            record.action_dry_run()
        with patch.object(type(self.env["ir.cron"]), "_notify_progress") as progress:
            self.env["property.migration.import"]._cron_process()
        progress.assert_called_once_with(done=1, remaining=8)
        self.assertFalse(record.to_start)
        self.assertEqual(record.batch_count, 7)
        self.assertFalse(self._units())
        self._run_scheduler()
        self.assertEqual(record.state, "done")
        self.assertFalse(record.batch_ids)
        self.assertIn("Opening invoices: 3 created", record.summary)
        self.assertIn("Arrears 2026", record.summary)

    def test_file_changed_before_the_scheduler_starts_is_checked_again(self):
        record = self._import_record()
        record.action_dry_run()
        with patch.object(property_migration_import, "IMMEDIATE_ROWS", 5):
            record.action_import()
        # Meanwhile the parking fee item is renamed: the file no longer fits.
        self.fee_fixed.name = "Garage Fee"
        self._run_scheduler()
        self.assertEqual(record.state, "draft")
        self.assertIn("Unknown fee item", record.report)
        self.assertFalse(record.batch_ids)
        self.assertFalse(self._units())

    def test_batches_write_what_one_transaction_writes(self):
        record = self._start_in_batches(self._import_record(), batch_size=1)
        # Units, residents by person, occupancies by unit, contracts, meters,
        # arrears by unit, prepayments.
        self.assertEqual(
            record._batches_sudo().mapped("stage"),
            ["units"] * 2
            + ["residents"] * 3
            + ["occupancies"] * 2
            + ["contracts"] * 2
            + ["meters"]
            + ["arrears"] * 2
            + ["prepayments"],
        )
        Import = self.env["property.migration.import"]
        Import._cron_process()
        Import._cron_process()
        self.assertEqual(record.batch_done_count, 2)
        self.assertAlmostEqual(record.progress, 200 / 13)
        self.assertEqual(len(self._units()), 2)
        self._run_scheduler()
        self.assertEqual(record.state, "done")
        self.assertEqual(
            record.counts["partners"], {"created": 3, "updated": 0, "unchanged": 0}
        )
        self.assertIn("Units: 2 created, 0 updated, 0 unchanged", record.summary)
        invoices = self._opening_invoices()
        self.assertEqual(invoices.mapped("amount_total"), [375.0, 225.0, 483.0])
        self.assertEqual(invoices.mapped("state"), ["posted"] * 3)
        contracts = self.env["property.fee.contract"].search(
            [("unit_id", "in", self._units().ids)]
        )
        self.assertEqual(contracts.mapped("state"), ["active", "active"])
        prepayment = self.env["account.move"].search(
            [("journal_id.code", "=", "OPEN"), ("move_type", "=", "entry")]
        )
        self.assertEqual(prepayment.amount_total, 300.0)
        self.assertEqual(prepayment.line_ids.partner_id.name, "王芳")
        self.assertIn("Imported from old_system.xlsx", self.target.message_ids[0].body)
        # The same file again, in batches: nothing changes.
        again = self._start_in_batches(self._import_record(), batch_size=1)
        self._run_scheduler()
        self.assertEqual(again.state, "done")
        self.assertFalse(
            [kind for kind, counts in again.counts.items() if counts["created"]]
        )
        self.assertEqual(self._opening_invoices(), invoices)

    def test_failed_batch_stops_the_import_and_resume_goes_on(self):
        record = self._start_in_batches(self._import_record(), batch_size=1)
        write_arrears = type(record)._write_arrears
        calls = []

        def fail_once(self, *args, **kwargs):
            calls.append(args)
            if len(calls) == 1:
                raise ValueError("the accounting server went away")
            return write_arrears(self, *args, **kwargs)

        with (
            patch.object(type(record), "_write_arrears", fail_once),
            mute_logger(IMPORT_LOGGER),
        ):
            self._run_scheduler()
            self.assertEqual(record.state, "failed")
            self.assertIn("went away", record.error)
            # What the batches before wrote stays; the failed one wrote nothing.
            self.assertEqual(len(self._units()), 2)
            self.assertFalse(self._opening_invoices())
            self.assertEqual(record.batch_done_count, 10)
            # Another import of the community waits for this one.
            with self.assertRaises(UserError):
                self._import_record()._start()
            record.action_resume()
            self.assertEqual(record.state, "running")
            self._run_scheduler()
        self.assertEqual(record.state, "done")
        self.assertEqual(
            self._opening_invoices().mapped("amount_total"), [375.0, 225.0, 483.0]
        )
        self.assertEqual(record.counts["invoices"]["created"], 3)

    def test_scheduler_writes_with_the_rights_of_who_started(self):
        record = self._start_in_batches(self._import_record())
        former = new_test_user(
            self.env,
            login="former_manager",
            groups="property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        record.user_id = former
        with mute_logger(IMPORT_LOGGER):
            self.env["property.migration.import"]._cron_process()
        self.assertEqual(record.state, "failed")
        self.assertIn("Only property managers", record.error)
        self.assertFalse(self._units())

    def test_batches_are_written_by_the_import_alone(self):
        record = self._start_in_batches(self._import_record())
        manager = new_test_user(
            self.env,
            login="batch_manager",
            groups="property_base.group_property_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        batch = record._batches_sudo()[0].with_user(manager)
        self.assertTrue(batch.payload)
        with self.assertRaises(AccessError):
            batch.write({"payload": plan_codec.dump({"A-1-0301": {"area": 1.0}})})
        with self.assertRaises(AccessError):
            batch.unlink()
        with self.assertRaises(AccessError):
            batch.create({"import_id": record.id, "sequence": 99, "stage": "units"})
        staff = new_test_user(
            self.env,
            login="batch_staff",
            groups="property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            batch.with_user(staff).read(["payload"])

    def test_plan_rows_round_trip(self):
        fee = self.fee_fixed
        rows = {
            "__date__": {"lines": {fee: 150.0}, "billed_to": date(2026, 6, 30)},
            "A-1-0301": [{"fee_type": fee, "amount": 1.5, "note": None}],
        }
        self.assertEqual(
            plan_codec.load(self.env, plan_codec.dump(rows)),
            rows,
        )
