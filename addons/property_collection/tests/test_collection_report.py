from datetime import date

from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.property_billing.tests.common import BillingCase

from ..report.property_collection_report import aging_bucket


@tagged("post_install", "-at_install")
class TestCollectionReport(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner_b = cls.env["res.partner"].create({"name": "李娜"})
        cls.unit_b = cls._create_unit("0102", 60.0, cls.owner_b)
        cls._create_contract()
        cls._create_contract(unit=cls.unit_b)
        bills = {}
        for month in ("2026-01-01", "2026-02-01"):
            run = cls.env["property.billing.run"].create(
                {"date": month, "company_id": cls.company.id}
            )
            run.action_run()
            for bill in run.move_ids:
                bills[bill.property_unit_id, month[:7]] = bill
        cls.bills = bills
        cls._pay(bills[cls.unit, "2026-01"], "2026-01-10")
        cls._pay(bills[cls.unit_b, "2026-01"], "2026-02-10")  # arrears recovered
        cls._pay(bills[cls.unit, "2026-02"], "2026-02-12")
        cls._pay(bills[cls.unit_b, "2026-02"], "2026-02-20", amount=50.0)

    @classmethod
    def _pay(cls, bill, when, amount=None):
        values = {"payment_date": when}
        if amount:
            values["amount"] = amount
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create(values)._create_payments()

    def _summary(self, date_from, date_to):
        return self.env["property.collection.report"]._collection_summary(
            date(*date_from), date(*date_to), [("company_id", "=", self.company.id)]
        )

    def test_collection_rate_by_amount_and_units(self):
        february = self._summary((2026, 2, 1), (2026, 2, 28))
        self.assertEqual(february["billed"], 400.0)
        self.assertEqual(february["collected"], 300.0)
        self.assertEqual(february["rate"], 75.0)
        self.assertEqual(february["units_billed"], 2)
        self.assertEqual(february["units_paid"], 1)
        self.assertEqual(february["unit_rate"], 50.0)
        self.assertEqual(february["arrears_recovered"], 150.0)
        january = self._summary((2026, 1, 1), (2026, 1, 31))
        self.assertEqual((january["rate"], january["units_paid"]), (100.0, 2))
        self.assertEqual(january["arrears_recovered"], 0.0)
        empty = self._summary((2025, 1, 1), (2025, 1, 31))
        self.assertEqual((empty["rate"], empty["unit_rate"]), (0.0, 0.0))

    def test_collection_by_building_domain(self):
        other = self.env["property.building"].create(
            {"name": "Building 2", "code": "2", "community_id": self.community.id}
        )
        summary = self.env["property.collection.report"]._collection_summary(
            date(2026, 2, 1),
            date(2026, 2, 28),
            [("property_unit_id.building_id", "=", other.id)],
        )
        self.assertEqual(summary["billed"], 0.0)

    def test_aging_buckets(self):
        cases = {
            -5: "current",
            0: "current",
            1: "0_30",
            30: "0_30",
            31: "31_90",
            90: "31_90",
            91: "91_180",
            180: "91_180",
            181: "181_365",
            365: "181_365",
            366: "365_plus",
        }
        for days, bucket in cases.items():
            self.assertEqual(aging_bucket(days), bucket, days)
        bill = self.bills[self.unit_b, "2026-02"]
        aging = self.env["property.collection.report"]._aging(
            date(2026, 6, 1), [("company_id", "=", self.company.id)]
        )
        self.assertEqual(aging, {(self.owner_b, self.unit_b): {"91_180": 100.0}})
        self.assertEqual((date(2026, 6, 1) - bill.invoice_date_due).days, 105)

    def test_report_rows_and_staff_scope(self):
        Report = self.env["property.collection.report"]
        rows = Report.search([("unit_id", "=", self.unit_b.id)])
        self.assertEqual(len(rows), 2)
        self.assertEqual(sum(rows.mapped("amount_billed")), 300.0)
        self.assertEqual(sum(rows.mapped("amount_collected")), 200.0)
        self.assertEqual(sum(rows.mapped("amount_open")), 100.0)
        # Due in February 2026, long before today: the last column.
        self.assertEqual(
            rows.filtered(lambda r: r.amount_open).aging_bucket,
            "181_365" if (date.today() - date(2026, 2, 16)).days <= 365 else "365_plus",
        )
        other = self.env["property.community"].create(
            {"name": "Other", "code": "OTH", "company_id": self.company.id}
        )
        clerk = new_test_user(
            self.env,
            login="collection_clerk",
            groups="property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        clerk.property_community_ids = other
        self.assertFalse(Report.with_user(clerk).search([]))
        clerk.property_community_ids = self.community
        self.assertEqual(len(Report.with_user(clerk).search([])), 4)

    def test_dashboard_figures(self):
        self.assertGreaterEqual(self.community.arrears_open, 100.0)
        self.assertEqual(self.community.collection_rate_month, 0.0)  # no bill today

    @freeze_time("2026-02-20")
    def test_dashboard_shows_this_months_collection(self):
        community = self.community
        self.assertEqual(community.billed_month, 400.0)
        self.assertEqual(community.collected_month, 300.0)
        self.assertEqual(community.collection_rate_month, 0.75)
        self.assertEqual(
            (community.units_paid_month, community.units_billed_month), (1, 2)
        )
        self.assertEqual(community.arrears_recovered_month, 150.0)
        self.assertEqual(community.arrears_open, 100.0)
