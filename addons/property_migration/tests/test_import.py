from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import MigrationCase, workbook


class TestImport(MigrationCase):
    def test_import_writes_the_community(self):
        record = self._run(self._import_record())
        self.assertEqual(record.state, "done")
        unit_1, unit_2 = self._units()
        self.assertEqual((unit_1.code, unit_1.area), ("A-1-0301", 90.0))
        self.assertEqual(unit_1.building_id.name, "A座")
        self.assertEqual(unit_2.current_occupancy_ids.mapped("share"), [50.0, 50.0])
        self.assertEqual(
            sorted(unit_2.current_occupancy_ids.partner_id.mapped("mobile")),
            ["13800000002", "13800000003"],
        )
        contract = self.env["property.fee.contract"].search(
            [("unit_id", "=", unit_1.id)]
        )
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_start, date(2026, 7, 1))
        self.assertEqual(contract.partner_id.name, "李娜")
        self.assertEqual(sorted(contract.line_ids.mapped("rate_override")), [0.0, 2.5])
        reading = self.env["property.meter.reading"].search(
            [("unit_id", "=", unit_1.id)]
        )
        self.assertEqual((reading.meter_type, reading.value), ("water", 1234.5))
        # One posted opening invoice per unit and period, on its due date.
        invoices = self._opening_invoices()
        self.assertEqual(len(invoices), 3)
        self.assertEqual(invoices.mapped("state"), ["posted"] * 3)
        self.assertEqual(invoices.mapped("amount_total"), [375.0, 225.0, 483.0])
        self.assertEqual(invoices[0].invoice_date, date(2024, 12, 15))
        self.assertEqual(invoices[0].invoice_date_due, date(2024, 12, 15))
        self.assertEqual(invoices[2].invoice_date_due, date(2026, 3, 31))
        self.assertFalse(invoices.invoice_line_ids.tax_ids)
        # They are open fee bills, overdue as any other.
        Move = self.env["account.move"]
        self.assertEqual(
            Move.search(
                [
                    *Move._property_open_fee_bill_domain(overdue_on=date(2026, 7, 1)),
                    ("id", "in", invoices.ids),
                ]
            ),
            invoices,
        )
        # The prepayment is credit of its payer.
        payer = unit_2.current_occupancy_ids.partner_id.filtered(
            lambda partner: partner.name == "王芳"
        )
        credit = self.env["account.move.line"].search(
            [
                ("partner_id", "=", payer.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("amount_residual", "<", 0),
            ]
        )
        self.assertEqual(credit.amount_residual, -300.0)
        # The accountant's summary, on the import's chatter.
        self.assertIn("Arrears 2026", record.summary)
        self.assertIn("Opening invoices: 3 created", record.summary)
        self.assertIn("Arrears 2025", record.message_ids[0].body)

    def test_resident_known_by_mobile_is_not_duplicated(self):
        known = self.env["res.partner"].create(
            {"name": "李娜", "mobile": "13800000001"}
        )
        self._run(self._import_record())
        self.assertEqual(self._units()[0].current_occupancy_ids.partner_id, known)
        self.assertEqual(
            self.env["res.partner"].search_count([("mobile", "=", "13800000001")]), 1
        )

    def test_resident_known_by_a_formatted_mobile_is_not_duplicated(self):
        known = self.env["res.partner"].create(
            {"name": "李娜", "mobile": "+86 138 0000 0001"}
        )
        dashed = self.env["res.partner"].create(
            {"name": "王强", "mobile": "138-0000-0003"}
        )
        self._run(self._import_record())
        unit_1, unit_2 = self._units()
        self.assertEqual(unit_1.current_occupancy_ids.partner_id, known)
        self.assertIn(dashed, unit_2.current_occupancy_ids.partner_id)
        # The number stays as the suite wrote it.
        self.assertEqual(known.mobile, "+86 138 0000 0001")
        self.assertEqual(dashed.mobile, "138-0000-0003")

    def test_id_number_is_for_managers_only(self):
        rows = self._rows()
        rows["residents"][0][3] = "110101199003071234"
        self._run(self._import_record(workbook(**rows)))
        owner = self._units()[0].current_occupancy_ids.partner_id
        self.assertEqual(owner.property_id_number, "110101199003071234")
        self.assertFalse(owner.ref)
        staff = new_test_user(
            self.env,
            login="id_number_staff",
            groups="property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        staff.property_community_ids = self.target
        with self.assertRaises(AccessError):
            owner.with_user(staff).read(["property_id_number"])
        self.assertEqual(owner.with_user(staff).read(["name"])[0]["name"], "李娜")

    def test_opening_invoices_of_one_year_are_numbered_in_turn(self):
        rows = self._rows()
        rows["arrears"] += [
            ["A-1-0301", "Property Fee", "2025-02", 225, "2025-02-15"],
            ["A-1-0301", "Property Fee", "2025-03", 225, "2025-03-15"],
        ]
        self._run(self._import_record(workbook(**rows)))
        invoices = self._opening_invoices().sorted("invoice_date")
        names = invoices.mapped("name")
        self.assertEqual(len(set(names)), 5)
        this_year = [name for name in names if "/2025/" in name]
        self.assertEqual(len(this_year), 3)
        self.assertEqual(this_year, sorted(this_year))
        self.assertNotIn("/", [name for name in names if len(name) == 1])

    def test_opening_invoice_per_year(self):
        self._run(self._import_record(invoice_per_year=True))
        invoices = self._opening_invoices()
        self.assertEqual(invoices.mapped("amount_total"), [375.0, 225.0, 483.0])
        self.assertEqual(invoices[0].property_period_start, date(2024, 1, 1))
        self.assertEqual(invoices[0].property_period_end, date(2024, 12, 31))

    def test_same_file_again_changes_nothing(self):
        self._run(self._import_record())
        before = (
            self._units(),
            self._opening_invoices(),
            self.env["property.fee.contract"].search([]),
            self.env["res.partner"].search([]),
            self.env["property.occupancy"].search([]),
        )
        record = self._run(self._import_record())
        after = (
            self._units(),
            self._opening_invoices(),
            self.env["property.fee.contract"].search([]),
            self.env["res.partner"].search([]),
            self.env["property.occupancy"].search([]),
        )
        self.assertEqual(before, after)
        self.assertIn("Units: 0 created, 0 updated, 2 unchanged", record.summary)
        self.assertIn(
            "Opening invoices: 0 created, 0 updated, 3 unchanged", record.summary
        )

    def test_corrected_file_updates_what_changed(self):
        self._run(self._import_record())
        rows = self._rows()
        rows["units"][1][6] = 82.0
        rows["arrears"][3][3] = 490
        rows["contracts"][0][2] = 2.8
        rows["prepayments"][0][3] = 350
        record = self._run(self._import_record(workbook(**rows)))
        self.assertEqual(self._units()[1].area, 82.0)
        self.assertEqual(
            self._opening_invoices().mapped("amount_total"), [375.0, 225.0, 490.0]
        )
        self.assertEqual(len(self._opening_invoices()), 3)
        self.assertIn("Units: 0 created, 1 updated, 1 unchanged", record.summary)
        self.assertIn("Opening invoices: 0 created, 1 updated", record.summary)
        self.assertIn("Contracts: 0 created, 1 updated", record.summary)
        self.assertIn("Prepayments: 0 created, 1 updated", record.summary)

    def test_all_or_nothing(self):
        self._run(self._import_record())
        invoice = self._opening_invoices()[2]
        # A credit note pays part of the opening invoice in the suite.
        self._pay_part(invoice, 100.0)
        rows = self._rows()
        rows["units"][0][6] = 95.0
        rows["arrears"][3][3] = 490
        record = self._import_record(workbook(**rows))
        record.action_dry_run()
        self._assert_import_refused(record)
        self.assertEqual(self._units()[0].area, 90.0)
        self.assertNotEqual(record.state, "done")

    def test_next_bills_use_the_prepayment(self):
        self._run(self._import_record())
        run = self.env["property.billing.run"].create(
            {
                "company_id": self.company.id,
                "date": "2026-07-05",
                "community_ids": [(6, 0, self.target.ids)],
            }
        )
        run.action_run()
        unit_2 = self._units()[1]
        bill = run.move_ids.filtered(lambda move: move.property_unit_id == unit_2)
        self.assertEqual(bill.property_period_start, date(2026, 7, 1))
        self.assertEqual(bill.payment_state, "partial")
        self.assertEqual(bill.amount_residual, bill.amount_total - 300.0)
        # Billing runs keep to the sales journal, not the opening one.
        self.assertNotEqual(
            run.move_ids.journal_id, self._opening_invoices().journal_id
        )
