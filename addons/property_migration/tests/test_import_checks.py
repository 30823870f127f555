from datetime import date

from odoo import Command

from .common import MigrationCase, workbook


class TestImportChecks(MigrationCase):
    """What a file may not do to the suite's books, refused by the dry run
    before anything is written, and what a corrected file updates."""

    def _assert_problems(self, record, expected):
        for sheet, row, column, message in expected:
            self.assertRegex(
                record.report,
                rf"<td>{sheet}</td><td>{row}</td><td>{column}</td><td>[^<]*{message}",
            )
        self.assertEqual(record.problem_count, len(expected), record.report)

    def _credit_of(self, partner):
        return self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("amount_residual", "<", 0),
            ]
        )

    def test_prepayment_is_credit_of_the_partner_billing_invoices(self):
        rows = self._rows()
        # 王强 holds the larger share: billing invoices him, whoever paid ahead.
        rows["residents"][1][5] = 40
        rows["residents"][2][5] = 60
        self._run(self._import_record(workbook(**rows)))
        unit_2 = self._units()[1]
        contract = self.env["property.fee.contract"].search(
            [("unit_id", "=", unit_2.id)]
        )
        self.assertEqual(contract.partner_id.name, "王强")
        self.assertEqual(self._credit_of(contract.partner_id).amount_residual, -300.0)
        paid_by = unit_2.current_occupancy_ids.partner_id.filtered(
            lambda partner: partner.name == "王芳"
        )
        self.assertFalse(self._credit_of(paid_by))
        # The next bill of the unit uses it.
        run = self.env["property.billing.run"].create(
            {
                "company_id": self.company.id,
                "date": "2026-07-05",
                "community_ids": [Command.set(self.target.ids)],
            }
        )
        run.action_run()
        bill = run.move_ids.filtered(lambda move: move.property_unit_id == unit_2)
        self.assertEqual(bill.amount_residual, bill.amount_total - 300.0)

    def test_unit_with_an_active_contract_keeps_one_contract(self):
        # The units and residents first; then staff make a contract by hand.
        self._import_only("units", "residents")
        unit = self._units()[0]
        existing = self._create_contract(
            unit=unit, date_start="2024-11-01", fee_types=self.fee_area
        )
        self.env["property.billing.run"].create(
            {
                "company_id": self.company.id,
                "date": "2024-12-05",
                "community_ids": [Command.set(self.target.ids)],
            }
        ).action_run()
        billed = existing.invoice_ids.filtered(
            lambda move: move.property_period_start == date(2024, 12, 1)
        )
        self.assertTrue(billed)
        rows = self._rows()
        # The suite billed up to December 2024, the file's arrears January 2025.
        rows["contracts"][0][4] = rows["contracts"][1][4] = "2025-01-31"
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        # The suite billed December 2024 already: the file may not bill it again.
        self._assert_problems(
            record,
            [("Arrears", "2", "所属期间", f"invoice {billed.name} already bills")],
        )
        self.assertIn("Rows 2, 3", record.report.replace("rows", "Rows"))
        del rows["arrears"][:2]
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self.assertIn(f"already has the active contract {existing.name}", record.report)
        self._run(record)
        contracts = self.env["property.fee.contract"].search(
            [("unit_id", "=", unit.id), ("state", "=", "active")]
        )
        self.assertEqual(contracts, existing)
        self.assertEqual(existing.date_start, date(2024, 11, 1))
        self.assertEqual(
            sorted(existing.line_ids.mapped(lambda line: line.fee_type_id.name)),
            ["Parking Fee", "Property Fee"],
        )
        january = self._opening_invoices().filtered(
            lambda move: move.property_unit_id == unit
        )
        self.assertEqual(january.property_contract_id, existing)
        # Once more: still one contract, nothing changed.
        again = self._run(self._import_record(workbook(**rows)))
        self.assertIn("Contracts: 0 created, 0 updated, 2 unchanged", again.summary)
        self.assertEqual(
            self.env["property.fee.contract"].search([("unit_id", "=", unit.id)]),
            existing,
        )

    def test_rows_of_one_unit_and_period_start_make_one_invoice(self):
        rows = self._rows()
        rows["contracts"].append(["A-1-0302", "Parking Fee", "", "季", "2026-06-30"])
        # A month of parking and a quarter of the property fee from January.
        rows["arrears"].append(["A-1-0302", "Parking Fee", "2026-01", 150, ""])
        self._run(self._import_record(workbook(**rows)))
        invoice = self._opening_invoices().filtered(
            lambda move: move.property_unit_id == self._units()[1]
        )
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.amount_total, 633.0)
        self.assertEqual(invoice.property_period_start, date(2026, 1, 1))
        self.assertEqual(invoice.property_period_end, date(2026, 3, 31))
        self.assertEqual(invoice.invoice_date_due, date(2026, 1, 31))
        record = self._run(self._import_record(workbook(**rows)))
        self.assertIn(
            "Opening invoices: 0 created, 0 updated, 3 unchanged", record.summary
        )

    def test_amounts_that_are_no_money_are_refused(self):
        rows = self._rows()
        rows["units"].append(["B", "B座", "1", 1, "0101", "住宅", "nan"])
        rows["contracts"][0][2] = "inf"
        rows["arrears"][0][3] = "nan"
        rows["arrears"][1][3] = "-inf"
        rows["arrears"][2][3] = 225.555
        rows["arrears"][3][3] = -483
        rows["prepayments"][0][3] = "1e999"
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self._assert_problems(
            record,
            [
                ("Units", "4", "建筑面积", "“nan” is not a number"),
                ("Contracts", "2", "协议单价", "“inf” is not a number"),
                ("Arrears", "2", "欠费金额", "“nan” is not a number"),
                ("Arrears", "3", "欠费金额", "“-inf” is not a number"),
                ("Arrears", "4", "欠费金额", "225.555 has more than 2 decimals"),
                ("Arrears", "5", "欠费金额", "too small"),
                ("Prepayments", "2", "预收金额", "“1e999” is not a number"),
            ],
        )
        self.assertEqual(record.state, "draft")

    def test_paid_opening_balances_are_refused_by_the_dry_run(self):
        self._run(self._import_record())
        invoice = self._opening_invoices()[2]
        self._pay_part(invoice, 100.0)
        # The prepayment pays the next bill.
        self.env["property.billing.run"].create(
            {
                "company_id": self.company.id,
                "date": "2026-07-05",
                "community_ids": [Command.set(self.target.ids)],
            }
        ).action_run()
        rows = self._rows()
        rows["units"][0][6] = 95.0
        rows["arrears"][3][3] = 490
        rows["prepayments"][0][3] = 350
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self._assert_problems(
            record,
            [
                ("Arrears", "5", "欠费金额", f"{invoice.name} of unit A-1-0302 is"),
                ("Prepayments", "2", "预收金额", "has already paid bills"),
            ],
        )
        self.assertIn("leave rows 5 of the file", record.report)
        self.assertEqual(record.state, "draft")
        self.assertEqual(self._units()[0].area, 90.0)
        self.assertEqual(invoice.amount_total, 483.0)
        # Rows as they were: the rest of the corrections is imported.
        rows["arrears"][3][3] = 483
        rows["prepayments"][0][3] = 300
        self._run(self._import_record(workbook(**rows)))
        self.assertEqual(self._units()[0].area, 95.0)

    def test_corrected_due_date_and_period_update_the_invoice(self):
        self._run(self._import_record())
        invoices = self._opening_invoices()
        rows = self._rows()
        rows["arrears"][0][4] = "2024-12-20"
        rows["arrears"][1][4] = "2024-12-20"
        rows["arrears"][3][2] = "2026-01-01~2026-02-28"
        record = self._run(self._import_record(workbook(**rows)))
        self.assertIn(
            "Opening invoices: 0 created, 2 updated, 1 unchanged", record.summary
        )
        self.assertEqual(self._opening_invoices(), invoices)
        self.assertEqual(invoices[0].invoice_date_due, date(2024, 12, 20))
        self.assertEqual(invoices[0].state, "posted")
        self.assertEqual(invoices[2].property_period_end, date(2026, 2, 28))
        self.assertEqual(invoices[2].invoice_date_due, date(2026, 2, 28))
        # And once more: nothing to change under its new key.
        record = self._run(self._import_record(workbook(**rows)))
        self.assertIn(
            "Opening invoices: 0 created, 0 updated, 3 unchanged", record.summary
        )

    def test_opening_invoices_keep_the_grouping_of_the_first_import(self):
        self._run(self._import_record())
        invoices = self._opening_invoices()
        record = self._import_record(invoice_per_year=True)
        record.action_dry_run()
        self._assert_problems(
            record,
            [
                (
                    "Arrears",
                    "",
                    "One Opening Invoice per Year",
                    "one per unit and period: untick",
                )
            ],
        )
        self._assert_import_refused(record)
        self.assertEqual(self._opening_invoices(), invoices)
        self.assertEqual(invoices.mapped("amount_total"), [375.0, 225.0, 483.0])
        record = self._run(self._import_record())
        self.assertIn(
            "Opening invoices: 0 created, 0 updated, 3 unchanged", record.summary
        )
        # A file without arrears does not care.
        rows = self._rows()
        del rows["arrears"]
        self._run(self._import_record(workbook(**rows), invoice_per_year=True))

    def test_opening_invoices_per_year_stay_per_year(self):
        self._run(self._import_record(invoice_per_year=True))
        invoices = self._opening_invoices()
        self.assertEqual(invoices.mapped("amount_total"), [375.0, 225.0, 483.0])
        record = self._import_record()
        record.action_dry_run()
        problem = ("Arrears", "", "One Opening Invoice per Year", "year: tick")
        self._assert_problems(record, [problem])
        # Imported before the grouping was kept: told by the invoices' periods.
        self.env["ir.model.data"].sudo().search(
            [
                ("module", "=", "__property_import__"),
                ("model", "=", "property.community"),
            ]
        ).unlink()
        record.action_dry_run()
        self._assert_problems(record, [problem])
        self.assertEqual(self._opening_invoices(), invoices)
        self._run(self._import_record(invoice_per_year=True))
        self.assertEqual(self._opening_invoices(), invoices)

    def test_owner_already_in_the_suite_is_adopted(self):
        self._import_only("units")
        unit_1 = self._units()[0]
        li_na = self.env["res.partner"].create(
            {"name": "李娜", "mobile": "+86 138 0000 0001"}
        )
        occupancy = self.env["property.occupancy"].create(
            {
                "unit_id": unit_1.id,
                "partner_id": li_na.id,
                "role": "owner",
                "share": 100,
                "date_start": "2019-03-01",
            }
        )
        record = self._import_record()
        record.action_dry_run()
        self.assertIn(
            "李娜 (residents sheet, row 2) already occupies it", record.report
        )
        self._run(record)
        self.assertEqual(unit_1.occupancy_ids, occupancy)
        self.assertEqual(occupancy.date_start, date(2020, 5, 1))
        # No second 李娜.
        self.assertFalse(
            self.env["res.partner"].search(
                [("name", "=", "李娜"), ("id", ">", li_na.id)]
            )
        )
        contract = self.env["property.fee.contract"].search(
            [("unit_id", "=", unit_1.id)]
        )
        self.assertEqual(contract.partner_id, li_na)
        record = self._run(self._import_record())
        self.assertIn("Occupancies: 0 created, 0 updated, 3 unchanged", record.summary)

    def test_owners_in_the_suite_and_the_file_hold_no_more_than_the_unit(self):
        self._import_only("units")
        unit_2 = self._units()[1]
        occupancy = self.env["property.occupancy"].create(
            {
                "unit_id": unit_2.id,
                "partner_id": self.env["res.partner"].create({"name": "赵六"}).id,
                "role": "owner",
                "share": 100,
                "date_start": "2018-01-01",
            }
        )
        record = self._import_record()
        record.action_dry_run()
        message = "Unit A-1-0302 already has owners in the suite"
        self._assert_problems(
            record,
            [
                ("Residents", "3", "产权份额", message),
                ("Residents", "4", "产权份额", message),
            ],
        )
        self.assertIn("(赵六 100.0 %)", record.report)
        self.assertIn("would hold 150.0 % on 2021-01-01", record.report)
        self.assertFalse(
            self.env["res.partner"].search(
                [("name", "=", "王芳"), ("id", ">", occupancy.partner_id.id)]
            )
        )
        # The former owner sold the unit: the file's owners follow them.
        occupancy.date_end = "2020-12-31"
        self._run(self._import_record())
        self.assertEqual(
            sorted(unit_2.current_occupancy_ids.partner_id.mapped("name")),
            ["王强", "王芳"],
        )

    def test_adopted_contract_billed_up_to_the_old_system(self):
        rows = self._rows()
        self._import_only("units", "residents")
        unit = self._units()[0]
        existing = self._create_contract(unit=unit, fee_types=self.fee_area)

        def bill(day):
            run = self.env["property.billing.run"].create(
                {
                    "company_id": self.company.id,
                    "date": day,
                    "community_ids": [Command.set(self.target.ids)],
                }
            )
            run.action_run()
            return run.move_ids.filtered(lambda move: move.property_unit_id == unit)

        self.assertEqual(len(bill("2026-03-05")), 3)
        del rows["arrears"][:3]
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self._assert_problems(
            record,
            [
                (
                    "Contracts",
                    "2",
                    "已计费至",
                    (
                        f"its contract {existing.name} in the suite has not billed "
                        "the period from 2026-04-01, but the file says the old "
                        "system billed up to 2026-06-30"
                    ),
                )
            ],
        )
        self.assertEqual(existing.line_ids.fee_type_id, self.fee_area)
        # Once the suite has billed April to June, the file fits.
        self.assertEqual(len(bill("2026-06-05")), 3)
        self._run(self._import_record(workbook(**rows)))
        july = bill("2026-07-05")
        self.assertEqual(july.property_period_start, date(2026, 7, 1))

    def test_imported_contract_keeps_its_start(self):
        self._run(self._import_record())
        rows = self._rows()
        # The old system billed three more months since the first import.
        rows["contracts"][0][4] = rows["contracts"][1][4] = "2026-09-30"
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self._assert_problems(
            record,
            [
                (
                    "Contracts",
                    "2",
                    "已计费至",
                    "has not billed the period from 2026-07-01",
                )
            ],
        )

    def test_co_owners_swap_their_shares(self):
        rows = self._rows()
        rows["residents"][1][5] = 40
        rows["residents"][2][5] = 60
        self._run(self._import_record(workbook(**rows)))
        # The first row's share grows before the second's falls in the file.
        rows["residents"][1][5] = 60
        rows["residents"][2][5] = 40
        record = self._run(self._import_record(workbook(**rows)))
        self.assertIn("Occupancies: 0 created, 2 updated", record.summary)
        owners = self._units()[1].current_occupancy_ids.sorted("share")
        self.assertEqual(owners.partner_id.mapped("name"), ["王强", "王芳"])
        self.assertEqual(owners.mapped("share"), [40.0, 60.0])

    def test_opening_balances_against_the_account_the_accountant_chose(self):
        transitional = self.env["account.account"].create(
            {
                "name": "过渡科目 Opening Balances",
                "code": "199001",
                "account_type": "liability_current",
            }
        )
        self.env["res.config.settings"].create(
            {"property_opening_account_id": transitional.id}
        ).execute()
        record = self._run(self._import_record())
        invoices = self._opening_invoices()
        self.assertEqual(invoices.invoice_line_ids.account_id, transitional)
        prepayment = self.env["account.move"].search(
            [("journal_id.code", "=", "OPEN"), ("move_type", "=", "entry")]
        )
        self.assertEqual(prepayment.line_ids.filtered("debit").account_id, transitional)
        self.assertIn(transitional.display_name, record.summary)
        # Balanced, against the receivable.
        lines = (invoices | prepayment).line_ids
        self.assertAlmostEqual(sum(lines.mapped("balance")), 0.0)
        self.assertEqual(
            sum(
                lines.filtered(lambda line: line.account_id == transitional).mapped(
                    "balance"
                )
            ),
            -(375.0 + 225.0 + 483.0) + 300.0,
        )

    def test_arrears_no_longer_in_the_file_are_cancelled(self):
        self._run(self._import_record())
        invoices = self._opening_invoices()
        rows = self._rows()
        withdrawn_rows = rows["arrears"].pop(2)  # A-1-0301, 2025-01
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self.assertEqual(record.problem_count, 0, record.report)
        self.assertIn(f"{invoices[1].name} of unit A-1-0301", record.report)
        self.assertIn("the import cancels it", record.report)
        record.action_import()
        self.assertEqual(invoices.mapped("state"), ["posted", "cancel", "posted"])
        self.assertIn("no longer in the file: 1 cancelled", record.summary)
        # The same file again changes nothing.
        again = self._run(self._import_record(workbook(**rows)))
        self.assertNotIn("cancelled", again.summary)
        self.assertEqual(invoices.mapped("state"), ["posted", "cancel", "posted"])
        # A file of other sheets leaves the arrears alone.
        self._import_only("units", "residents")
        self.assertEqual(invoices[0].state, "posted")
        # The row back in the file brings the invoice back.
        rows["arrears"].insert(2, withdrawn_rows)
        self._run(self._import_record(workbook(**rows)))
        self.assertEqual(invoices.mapped("state"), ["posted"] * 3)
        self.assertEqual(self._opening_invoices(), invoices)

    def test_paid_arrears_no_longer_in_the_file_are_refused(self):
        self._run(self._import_record())
        invoice = self._opening_invoices()[2]
        self._pay_part(invoice, 100.0)
        rows = self._rows()
        del rows["arrears"][3]
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self._assert_problems(
            record, [("Arrears", "", "所属期间", "already partly paid in the suite")]
        )
        self._assert_import_refused(record)
        self.assertEqual(invoice.state, "posted")
