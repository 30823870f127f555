from odoo.addons.property_base.tests.common import PropertyCase


class TestContributions(PropertyCase):
    """With the helpdesk installed, the community module's KPI dashboard gets
    its SLA figures and suggestions may lead to a ticket, through this glue."""

    def test_kpi_dashboard_reads_the_service_analysis(self):
        dashboard = self.env["property.kpi.dashboard"].create(
            {"community_ids": [(6, 0, self.community_x.ids)]}
        )
        self.assertTrue(dashboard.has_sla)
        # A fresh community has no resolved ticket yet.
        self.assertEqual(dashboard._kpi_sla(self.community_x), {})
        self.assertEqual(dashboard._kpi_sla(self.community_x, groupby="user_id"), {})

    def test_suggestions_may_lead_to_a_ticket(self):
        models = [
            model
            for model, _label in self.env["property.suggestion"]._selection_ticket_ref()
        ]
        self.assertIn("helpdesk.ticket", models)
