from datetime import datetime, time, timedelta

from odoo import fields, models
from odoo.osv import expression


class PropertyKpiDashboard(models.TransientModel):
    """The SLA compliance and the residents' ratings of the KPI dashboard,
    from property_helpdesk's tickets and service analysis."""

    _inherit = "property.kpi.dashboard"

    def _kpi_has_sla(self):
        return True

    def _kpi_period(self):
        """The period as datetimes: its first moment and the one after it."""
        return (
            datetime.combine(self.date_from, time.min),
            datetime.combine(self.date_to + timedelta(days=1), time.min),
        )

    def _kpi_sla(self, communities, groupby="property_community_id"):
        """Tickets with an SLA policy resolved in the period, on time or not,
        and the tickets still open that already missed a target by the end of
        the period (or now): those count as breached."""
        start, end = self._kpi_period()
        resolved = (
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
        cutoff = min(end, fields.Datetime.now())
        overdue = (
            self.env["helpdesk.ticket"]
            # sudo: counts only, of the communities the user may read
            # (_get_communities).
            .sudo()
            ._read_group(
                expression.AND(
                    [
                        [
                            ("property_community_id", "in", communities.ids),
                            ("property_sla_id", "!=", False),
                            ("closed_date", "=", False),
                            ("stage_id.closed", "=", False),
                            ("property_reported_at", "<", cutoff),
                        ],
                        [
                            "|",
                            "|",
                            "|",
                            "&",
                            ("property_sla_paused_since", "=", False),
                            ("property_sla_deadline", "<", cutoff),
                            ("property_response_breached", "=", True),
                            ("property_arrival_breached", "=", True),
                            ("property_resolution_breached", "=", True),
                        ],
                    ]
                ),
                [groupby],
                ["__count"],
            )
        )
        met = {}
        total = {}
        for record, compliance, count in resolved:
            if record and count:
                met[record.id] = (compliance or 0.0) * count / 100
                total[record.id] = count
        for record, count in overdue:
            if record:
                total[record.id] = total.get(record.id, 0) + count
        return {
            key: (met.get(key, 0.0) / count * 100, count)
            for key, count in total.items()
        }

    def _kpi_ratings(self, communities):
        """The residents' ratings (1 to 5) of the tickets they confirmed in the
        period, in percent of the best rating."""
        start, end = self._kpi_period()
        groups = (
            self.env["helpdesk.ticket"]
            # sudo: figures of the communities the user may read (_get_communities).
            .sudo()
            ._read_group(
                [
                    ("property_community_id", "in", communities.ids),
                    ("property_rating", "!=", False),
                    "|",
                    "&",
                    ("property_confirmed_at", ">=", start),
                    ("property_confirmed_at", "<", end),
                    "&",
                    "&",
                    ("property_confirmed_at", "=", False),
                    ("closed_date", ">=", start),
                    ("closed_date", "<", end),
                ],
                ["property_community_id", "property_rating"],
                ["__count"],
            )
        )
        ratings = {}
        for community, rating, count in groups:
            points, total = ratings.get(community.id, (0, 0))
            ratings[community.id] = (points + int(rating) * count, total + count)
        return {
            community_id: (points / total / 5 * 100, total)
            for community_id, (points, total) in ratings.items()
        }
