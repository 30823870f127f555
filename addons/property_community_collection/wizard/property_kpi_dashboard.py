from odoo import models


class PropertyKpiDashboard(models.TransientModel):
    """The collection rate of the KPI dashboard, from property_collection's
    collection analysis."""

    _inherit = "property.kpi.dashboard"

    def _kpi_has_collection(self):
        return True

    def _kpi_collection(self, communities):
        groups = (
            self.env["property.collection.report"]
            # sudo: totals of the communities the user may read (_get_communities).
            .sudo()
            ._read_group(
                [
                    ("community_id", "in", communities.ids),
                    ("invoice_date", ">=", self.date_from),
                    ("invoice_date", "<=", self.date_to),
                ],
                ["community_id"],
                ["amount_billed:sum", "amount_collected:sum"],
            )
        )
        return {
            community.id: (billed, collected) for community, billed, collected in groups
        }
