from datetime import datetime, time, timedelta

from odoo import models


class PropertyKpiDashboard(models.TransientModel):
    """The SLA compliance of the KPI dashboard, from property_helpdesk's
    service analysis."""

    _inherit = "property.kpi.dashboard"

    def _kpi_has_sla(self):
        return True

    def _kpi_sla(self, communities, groupby="property_community_id"):
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min)
        groups = (
            self.env["property.helpdesk.report"]
            # sudo: figures of the communities the user may read (_get_communities).
            .sudo()
            ._read_group(
                [
                    ("property_community_id", "in", communities.ids),
                    ("closed_date", ">=", start),
                    ("closed_date", "<", end),
                ],
                [groupby],
                ["sla_compliance:avg", "sla_compliance:count"],
            )
        )
        return {
            record.id: (compliance, count)
            for record, compliance, count in groups
            if record and count
        }
