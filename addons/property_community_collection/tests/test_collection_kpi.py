from odoo.addons.property_billing.tests.common import BillingCase


class TestCollectionKpi(BillingCase):
    """With collection installed, the community KPI dashboard reads the
    collection rate from the collection analysis, through this glue."""

    def test_collection_rate_of_the_period(self):
        self._create_contract(cycle="monthly")
        bill = self._run("2026-01-01").move_ids
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({"amount": 100.0, "payment_date": "2026-01-10"})._create_payments()
        self.env.flush_all()  # the collection analysis is a view of the invoices
        dashboard = self.env["property.kpi.dashboard"].create(
            {
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
                "community_ids": [(6, 0, self.community.ids)],
            }
        )
        self.assertTrue(dashboard.has_collection)
        self.assertEqual(
            dashboard._kpi_collection(self.community),
            {self.community.id: (250.0, 100.0)},
        )
        dashboard.action_compute()
        line = dashboard.community_line_ids.filtered(
            lambda line: line.community_id == self.community
        )
        self.assertTrue(line.has_collection_rate)
        self.assertAlmostEqual(line.collection_rate, 40.0)
