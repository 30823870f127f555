import uuid

from odoo import api, fields, models


class PropertyCommunity(models.Model):
    _inherit = "property.community"

    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        check_company=True,
        help="Costs posted with this analytic account are the community's actual "
        "costs in its budget.",
    )
    disclosure_token = fields.Char(
        string="Public Page Key",
        copy=False,
        groups="property_base.group_property_user",
        help="Part of the address of the community's public disclosure page: "
        "whoever has the address (e.g. from the QR code on the bulletin board) "
        "sees the disclosures being published.",
    )
    disclosure_public_url = fields.Char(
        string="Public Disclosure Page",
        compute="_compute_disclosure_public_url",
        groups="property_base.group_property_user",
    )
    fund_balance = fields.Monetary(
        string="Maintenance Fund Balance",
        compute="_compute_fund_balance",
        currency_field="fund_currency_id",
    )
    fund_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Fund Currency"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("disclosure_token", str(uuid.uuid4()))
        return super().create(vals_list)

    def _compute_disclosure_public_url(self):
        base_url = self.get_base_url()
        for community in self:
            community.disclosure_public_url = (
                community.disclosure_token
                and f"{base_url}/disclosure/{community.id}/{community.disclosure_token}"
            )

    def _compute_fund_balance(self):
        for community in self:
            community.fund_balance = sum(
                community._fund_balances(fields.Date.context_today(self)).values()
            )

    def action_reset_disclosure_token(self):
        for community in self:
            community.disclosure_token = str(uuid.uuid4())
        return True

    def _fund_balances(self, date_to):
        """``{building or empty building: balance}`` of the posted fund entries
        up to ``date_to``; the empty building holds the community-wide part."""
        self.ensure_one()
        self.check_access("read")
        groups = (
            self.env["property.fund.move"]
            # Read access to the community checked above: its staff and owners
            # see the totals, not the ledger lines they may not read.
            .sudo()
            ._read_group(
                [
                    ("community_id", "=", self.id),
                    ("state", "=", "posted"),
                    ("date", "<=", date_to),
                ],
                ["building_id"],
                ["amount_signed:sum"],
            )
        )
        return dict(groups)

    def _fund_owner_shares(self, date_to):
        """``{unit_id: share}``: each unit's part of the fund at ``date_to``,
        by its share of its building's area and of the community's area."""
        self.ensure_one()
        balances = self._fund_balances(date_to)
        # Read access to the community checked by _fund_balances above; the
        # shares need the area of every unit, which owners may not read.
        units = (
            self.env["property.unit"].sudo().search([("community_id", "=", self.id)])
        )
        building_area = {}
        for unit in units:
            building_area[unit.building_id] = (
                building_area.get(unit.building_id, 0.0) + unit.area
            )
        community_area = sum(building_area.values())
        pool = balances.get(self.env["property.building"], 0.0)
        shares = {}
        for unit in units:
            share = pool * unit.area / community_area if community_area else 0.0
            if unit.building_id and building_area.get(unit.building_id):
                share += (
                    balances.get(unit.building_id, 0.0)
                    * unit.area
                    / building_area[unit.building_id]
                )
            shares[unit.id] = self.company_id.currency_id.round(share)
        return shares
