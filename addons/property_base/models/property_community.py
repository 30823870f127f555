from odoo import api, fields, models


class PropertyCommunity(models.Model):
    _name = "property.community"
    _description = "Residential Community"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        help="Short code of the community, unique within the company.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    street = fields.Char()
    street2 = fields.Char()
    city = fields.Char()
    zip = fields.Char()
    state_id = fields.Many2one(
        "res.country.state",
        domain="[('country_id', '=?', country_id)]",
    )
    country_id = fields.Many2one("res.country")
    manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    building_ids = fields.One2many("property.building", "community_id")
    unit_ids = fields.One2many("property.unit", "community_id")
    building_count = fields.Integer(compute="_compute_counts")
    unit_count = fields.Integer(compute="_compute_counts")
    total_area = fields.Float(
        string="Total Area (m²)",
        compute="_compute_total_area",
        store=True,
        digits=(16, 2),
        help="Sum of the gross floor area of the community's active units.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            (
                "A community with this code already exists in this company: "
                "choose another code."
            ),
        ),
    ]

    @api.depends("unit_ids.area", "unit_ids.active")
    def _compute_total_area(self):
        totals = dict(
            self.env["property.unit"]._read_group(
                [("community_id", "in", self.ids)],
                ["community_id"],
                ["area:sum"],
            )
        )
        for community in self:
            community.total_area = totals.get(community, 0.0)

    def _compute_counts(self):
        buildings = dict(
            self.env["property.building"]._read_group(
                [("community_id", "in", self.ids)], ["community_id"], ["__count"]
            )
        )
        units = dict(
            self.env["property.unit"]._read_group(
                [("community_id", "in", self.ids)], ["community_id"], ["__count"]
            )
        )
        for community in self:
            community.building_count = buildings.get(community, 0)
            community.unit_count = units.get(community, 0)

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_base.property_unit_action"
        )
        action["domain"] = [("community_id", "=", self.id)]
        action["context"] = {"default_community_id": self.id}
        return action

    def action_view_buildings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_base.property_building_action"
        )
        action["domain"] = [("community_id", "=", self.id)]
        action["context"] = {"default_community_id": self.id}
        return action
