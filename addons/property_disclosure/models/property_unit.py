from odoo import api, fields, models


class PropertyUnit(models.Model):
    _inherit = "property.unit"

    fund_share = fields.Monetary(
        string="Maintenance Fund Share",
        compute="_compute_fund_share",
        currency_field="fund_currency_id",
        help="This unit's part of the special maintenance fund: its building's "
        "balance by its share of the building's area, plus the community-wide "
        "balance by its share of the community's area.",
    )
    fund_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Fund Currency"
    )

    @api.depends_context("date")
    def _compute_fund_share(self):
        date_to = self.env.context.get("date") or fields.Date.context_today(self)
        shares = {}
        for community in self.community_id:
            shares.update(community._fund_owner_shares(date_to))
        for unit in self:
            unit.fund_share = shares.get(unit.id, 0.0)

    def _property_current_owners(self, date):
        """``{unit_id: partners}`` of the owners at ``date``."""
        Occupancy = self.env["property.occupancy"]
        occupancies = Occupancy.search(
            [("unit_id", "in", self.ids), ("role", "=", "owner")]
            + Occupancy._domain_active_at(date)
        )
        owners = {}
        for occupancy in occupancies:
            owners.setdefault(occupancy.unit_id.id, self.env["res.partner"])
            owners[occupancy.unit_id.id] |= occupancy.partner_id
        return owners

    def _property_default_voters(self, date):
        """``{unit_id: partner}``: the owner with the largest share at
        ``date`` (the earliest on a tie) votes unless co-owners choose another."""
        Occupancy = self.env["property.occupancy"]
        occupancies = Occupancy.search(
            [("unit_id", "in", self.ids), ("role", "=", "owner")]
            + Occupancy._domain_active_at(date),
            order="date_start, id",
        )
        voters = {}
        for unit, owners in occupancies.grouped("unit_id").items():
            voters[unit.id] = max(owners, key=lambda o: o.share).partner_id
        return voters
