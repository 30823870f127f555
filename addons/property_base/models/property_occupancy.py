from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

OCCUPANCY_ROLES = [
    ("owner", "Owner"),
    ("tenant", "Tenant"),
    ("resident", "Resident"),
    ("payer", "Payer"),
]

# Changing who, where or in which role would rewrite history: end the
# occupancy and start a new one instead.
IMMUTABLE_FIELDS = ("unit_id", "partner_id", "role")


class PropertyOccupancy(models.Model):
    _name = "property.occupancy"
    _description = "Unit Occupancy"
    _order = "unit_id, date_start desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    unit_id = fields.Many2one(
        "property.unit",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Occupant", required=True, index=True
    )
    role = fields.Selection(OCCUPANCY_ROLES, required=True, default="owner")
    date_start = fields.Date(
        string="From", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="Until", help="Last day; empty while it lasts.")
    share = fields.Float(
        string="Ownership (%)",
        digits=(5, 2),
        help="Part of the unit this owner holds, in percent.",
    )
    community_id = fields.Many2one(
        related="unit_id.community_id", store=True, index=True, precompute=True
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True)
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True
    )
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", search="_search_is_current"
    )

    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for occupancy in self:
            occupancy.is_current = occupancy._is_active_at(today)

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        domain = self._domain_active_at(fields.Date.context_today(self))
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for occupancy in self:
            if occupancy.date_end and occupancy.date_end < occupancy.date_start:
                raise ValidationError(
                    self.env._(
                        "%(partner)s in unit %(unit)s: the end date %(end)s is "
                        "before the start date %(start)s. Correct one of the dates.",
                        partner=occupancy.partner_id.display_name,
                        unit=occupancy.unit_id.code,
                        end=occupancy.date_end,
                        start=occupancy.date_start,
                    )
                )

    @api.constrains("share", "role")
    def _check_share_range(self):
        for occupancy in self:
            if occupancy.share < 0 or occupancy.share > 100:
                raise ValidationError(
                    self.env._(
                        "%(partner)s in unit %(unit)s: an ownership share must lie "
                        "between 0 and 100 %%.",
                        partner=occupancy.partner_id.display_name,
                        unit=occupancy.unit_id.code,
                    )
                )
            if occupancy.share and occupancy.role != "owner":
                raise ValidationError(
                    self.env._(
                        "%(partner)s in unit %(unit)s: only owners hold an "
                        "ownership share. Clear the share or make the occupant an "
                        "owner.",
                        partner=occupancy.partner_id.display_name,
                        unit=occupancy.unit_id.code,
                    )
                )

    @api.constrains("share", "role", "date_start", "date_end", "unit_id")
    def _check_owner_shares(self):
        owners = self.env["property.occupancy"].search(
            [("unit_id", "in", self.unit_id.ids), ("role", "=", "owner")]
        )
        owners_by_unit = owners.grouped("unit_id")
        for unit in self.unit_id:
            unit_owners = owners_by_unit.get(unit, owners.browse())
            # The total is highest on the first day of one of the shares.
            for date in set(unit_owners.mapped("date_start")):
                total = sum(
                    unit_owners.filtered(lambda o, d=date: o._is_active_at(d)).mapped(
                        "share"
                    )
                )
                if float_compare(total, 100.0, precision_digits=2) > 0:
                    raise ValidationError(
                        self.env._(
                            "Unit %(unit)s: on %(date)s its owners would hold "
                            "%(total)s %% of it. Shares may not exceed 100 %%: end "
                            "the previous owner's occupancy or lower a share.",
                            unit=unit.code,
                            date=date,
                            total=round(total, 2),
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        occupancies = super().create(vals_list)
        occupancies.unit_id._refresh_state()
        return occupancies

    def write(self, vals):
        changed = any(
            name in vals
            and occupancy._fields[name].convert_to_write(occupancy[name], occupancy)
            != vals[name]
            for occupancy in self
            for name in IMMUTABLE_FIELDS
        )
        if changed:
            raise UserError(
                self.env._(
                    "An occupancy keeps its unit, occupant and role for the sake of "
                    "history. Set an end date on it and create a new occupancy "
                    "instead."
                )
            )
        result = super().write(vals)
        if "date_start" in vals or "date_end" in vals:
            self.unit_id._refresh_state()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        today = fields.Date.context_today(self)
        if any(occupancy.date_start <= today for occupancy in self):
            raise UserError(
                self.env._(
                    "An occupancy that has started is part of the unit's history "
                    "and cannot be deleted. Set an end date on it instead."
                )
            )

    def unlink(self):
        units = self.unit_id
        result = super().unlink()
        units._refresh_state()
        return result

    def _is_active_at(self, date):
        self.ensure_one()
        return self.date_start <= date and (not self.date_end or self.date_end >= date)

    @api.model
    def _domain_active_at(self, date):
        return [
            ("date_start", "<=", date),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", date),
        ]

    def action_end(self):
        """End the occupancies today (a move-out or a sale)."""
        today = fields.Date.context_today(self)
        self.filtered(
            lambda o: o.date_start <= today and (not o.date_end or o.date_end > today)
        ).write({"date_end": today})
