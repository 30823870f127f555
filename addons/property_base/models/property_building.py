from odoo import api, fields, models


class PropertyBuilding(models.Model):
    _name = "property.building"
    _description = "Building"
    _order = "community_id, sequence, code, id"
    _rec_names_search = ["name", "code"]
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code used in unit codes, e.g. A for unit A-1-0302.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    floors = fields.Integer(help="Number of floors above ground.")
    unit_ids = fields.One2many("property.unit", "building_id")
    unit_count = fields.Integer(compute="_compute_unit_count")

    _sql_constraints = [
        (
            "code_community_uniq",
            "unique(code, community_id)",
            (
                "A building with this code already exists in this community: "
                "choose another code."
            ),
        ),
        (
            "floors_positive",
            "CHECK(floors >= 0)",
            "The number of floors cannot be negative.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for building in self:
            building.display_name = f"[{building.code}] {building.name}"

    def _compute_unit_count(self):
        counts = dict(
            self.env["property.unit"]._read_group(
                [("building_id", "in", self.ids)], ["building_id"], ["__count"]
            )
        )
        for building in self:
            building.unit_count = counts.get(building, 0)
