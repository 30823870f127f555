from dateutil.relativedelta import relativedelta

from odoo import fields, models


class PropertyCommunity(models.Model):
    _inherit = "property.community"

    property_complaint_rate = fields.Float(
        string="Complaints per 100 Units",
        compute="_compute_property_complaint_rate",
        digits=(16, 2),
        help="Complaints reported in the last twelve months per 100 units.",
    )

    def _compute_property_complaint_rate(self):
        today = fields.Datetime.now()
        rates = self._property_complaint_rates(today - relativedelta(years=1), today)
        for community in self:
            community.property_complaint_rate = rates.get(community.id, 0.0)

    def _property_complaint_rates(self, date_from, date_to):
        """Return ``{community_id: complaints per 100 units}`` for complaints
        reported from ``date_from`` (included) to ``date_to`` (excluded)."""
        complaints = dict(
            self.env["helpdesk.ticket"]._read_group(
                [
                    ("property_community_id", "in", self.ids),
                    ("property_kind", "=", "complaint"),
                    ("property_reported_at", ">=", date_from),
                    ("property_reported_at", "<", date_to),
                ],
                ["property_community_id"],
                ["__count"],
            )
        )
        units = dict(
            self.env["property.unit"]._read_group(
                [("community_id", "in", self.ids)], ["community_id"], ["__count"]
            )
        )
        return {
            community.id: (
                100.0 * complaints.get(community, 0) / units[community]
                if units.get(community)
                else 0.0
            )
            for community in self
        }
