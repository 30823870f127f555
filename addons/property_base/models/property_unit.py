from odoo import api, fields, models
from odoo.exceptions import ValidationError

UNIT_TYPES = [
    ("residential", "Residential"),
    ("commercial", "Commercial"),
    ("parking", "Parking Space"),
    ("storage", "Storage Room"),
]

UNIT_STATES = [
    ("vacant", "Vacant"),
    ("occupied", "Owner-occupied"),
    ("rented", "Rented"),
    ("renovation", "Under Renovation"),
]


class PropertyUnit(models.Model):
    _name = "property.unit"
    _description = "Property Unit"
    _inherit = ["mail.thread", "portal.mixin"]
    _rec_name = "code"
    _order = "community_id, code, id"
    _check_company_auto = True

    code = fields.Char(
        compute="_compute_code",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
        help="Display code unique within the community, built from the building "
        "code, the entrance and the number (e.g. A-1-0302). You may type another.",
    )
    active = fields.Boolean(default=True)
    building_id = fields.Many2one(
        "property.building",
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('community_id', '=?', community_id)]",
    )
    community_id = fields.Many2one(
        "property.community",
        compute="_compute_community_id",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    entrance = fields.Char(help="Entrance or stairwell (单元), e.g. 1.")
    floor = fields.Integer()
    number = fields.Char(required=True, help="Door number, e.g. 0302.")
    unit_type = fields.Selection(
        UNIT_TYPES, string="Type", required=True, default="residential"
    )
    area = fields.Float(
        string="Gross Area (m²)",
        digits=(16, 2),
        required=True,
        tracking=True,
        help="Gross floor area (建筑面积) from the property certificate.",
    )
    state = fields.Selection(
        UNIT_STATES,
        string="Status",
        required=True,
        default="vacant",
        tracking=True,
        help="Follows the current occupants; set Under Renovation by hand.",
    )
    owner_absent = fields.Boolean(
        string="Kept Empty by Owner",
        tracking=True,
        help="The owner does not live here and nobody else does (空置房): the unit "
        "counts as vacant while it is not rented or lived in by a resident.",
    )
    occupancy_ids = fields.One2many(
        "property.occupancy", "unit_id", string="Occupancy History"
    )
    current_occupancy_ids = fields.One2many(
        "property.occupancy",
        compute="_compute_current_occupancy_ids",
        string="Current Occupants",
    )
    payer_id = fields.Many2one(
        "res.partner",
        string="Current Payer",
        compute="_compute_current_occupancy_ids",
        help="Partner who pays the fees today: the payer of record, else the "
        "owner with the largest share.",
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "code_community_uniq",
            "unique(code, community_id)",
            (
                "This unit code is already used in this community: each unit needs "
                "its own code."
            ),
        ),
    ]

    @api.depends("building_id.code", "entrance", "number")
    def _compute_code(self):
        for unit in self:
            parts = [unit.building_id.code, unit.entrance, unit.number]
            unit.code = "-".join(part for part in parts if part) or False

    @api.depends("building_id")
    def _compute_community_id(self):
        for unit in self.filtered("building_id"):
            unit.community_id = unit.building_id.community_id

    @api.depends("occupancy_ids.date_start", "occupancy_ids.date_end")
    def _compute_current_occupancy_ids(self):
        today = fields.Date.context_today(self)
        payers = self._get_payers(today)
        for unit in self:
            unit.current_occupancy_ids = unit.occupancy_ids.filtered(
                lambda occupancy: occupancy._is_active_at(today)
            )
            unit.payer_id = payers.get(unit.id, self.env["res.partner"])

    def _compute_access_url(self):
        for unit in self:
            unit.access_url = f"/my/units/{unit.id}"

    @api.constrains("area")
    def _check_area(self):
        for unit in self:
            if unit.area <= 0:
                raise ValidationError(
                    self.env._(
                        "Unit %(code)s: the gross floor area must be greater than "
                        "0 m². Enter the area shown on the property certificate.",
                        code=unit.code or unit.number,
                    )
                )

    @api.constrains("building_id", "community_id")
    def _check_building_community(self):
        for unit in self.filtered("building_id"):
            if unit.building_id.community_id != unit.community_id:
                raise ValidationError(
                    self.env._(
                        "Unit %(code)s: building %(building)s belongs to community "
                        "%(community)s. Choose a building of the unit's community.",
                        code=unit.code,
                        building=unit.building_id.display_name,
                        community=unit.building_id.community_id.display_name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "owner_absent" in vals:
            self._refresh_state()
        return result

    def _get_payers(self, date):
        """Return ``{unit_id: partner}`` for the partners paying at ``date``.

        A payer of record wins; otherwise the owner with the largest share
        (the earliest one on a tie). One query for the whole recordset.
        """
        occupancies = self.env["property.occupancy"].search(
            [("unit_id", "in", self.ids), ("role", "in", ("payer", "owner"))]
            + self.env["property.occupancy"]._domain_active_at(date),
            order="date_start, id",
        )
        payers = {}
        for unit, unit_occupancies in occupancies.grouped("unit_id").items():
            payer = unit_occupancies.filtered(lambda o: o.role == "payer")[:1]
            if not payer:
                owners = unit_occupancies.filtered(lambda o: o.role == "owner")
                payer = max(owners, key=lambda o: o.share)
            payers[unit.id] = payer.partner_id
        return payers

    def _state_from_occupancy(self, date):
        """Return ``{unit_id: state}`` derived from the occupants at ``date``."""
        occupancies = self.env["property.occupancy"].search(
            [("unit_id", "in", self.ids)]
            + self.env["property.occupancy"]._domain_active_at(date)
        )
        states = dict.fromkeys(self.ids, "vacant")
        for occupancy in occupancies:
            if occupancy.role == "tenant":
                states[occupancy.unit_id.id] = "rented"
            elif states[occupancy.unit_id.id] == "vacant" and (
                occupancy.role == "resident"
                or (occupancy.role == "owner" and not occupancy.unit_id.owner_absent)
            ):
                states[occupancy.unit_id.id] = "occupied"
        return states

    def _refresh_state(self, date=None):
        """Align the state with the occupants, leaving renovations alone."""
        date = date or fields.Date.context_today(self)
        units = self.filtered(lambda unit: unit.state != "renovation")
        states = units._state_from_occupancy(date)
        for state in set(states.values()):
            to_write = units.filtered(
                lambda unit, s=state: states[unit.id] == s and unit.state != s
            )
            if to_write:
                to_write.write({"state": state})

    @api.model
    def _cron_refresh_state(self, batch_size=1000):
        """Daily: move-ins and move-outs dated in advance take effect."""
        units = self.search([("state", "!=", "renovation")])
        for start in range(0, len(units), batch_size):
            units[start : start + batch_size]._refresh_state()

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Units and Occupants"),
                "template": "/property_base/static/xls/property_unit_import.csv",
            }
        ]
