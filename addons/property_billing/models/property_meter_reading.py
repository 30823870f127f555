from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .property_fee_type import METER_TYPES


class PropertyMeterReading(models.Model):
    _name = "property.meter.reading"
    _description = "Meter Reading"
    _order = "unit_id, meter_type, date desc, id desc"
    _check_company_auto = True

    unit_id = fields.Many2one(
        "property.unit", required=True, index=True, check_company=True
    )
    community_id = fields.Many2one(
        related="unit_id.community_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True
    )
    meter_type = fields.Selection(METER_TYPES, required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    value = fields.Float(required=True, digits=(16, 3))
    is_replacement = fields.Boolean(
        string="New Meter",
        help="First reading of a replacement meter: it may be lower than the "
        "previous reading, which was taken on the old meter.",
    )
    old_meter_final_value = fields.Float(
        digits=(16, 3),
        help="Last value of the old meter when it was removed, so that its final "
        "consumption is billed too.",
    )
    consumption = fields.Float(compute="_compute_consumption", digits=(16, 3))

    _sql_constraints = [
        (
            "unit_meter_date_uniq",
            "unique(unit_id, meter_type, date)",
            "This meter already has a reading on that date: correct it instead.",
        ),
    ]

    def _previous(self):
        self.ensure_one()
        return self.search(
            [
                ("unit_id", "=", self.unit_id.id),
                ("meter_type", "=", self.meter_type),
                ("date", "<", self.date),
            ],
            order="date desc",
            limit=1,
        )

    @api.depends("value", "date", "is_replacement", "old_meter_final_value")
    def _compute_consumption(self):
        for reading in self:
            previous = reading._previous() if reading.date else reading.browse()
            reading.consumption = self._delta(
                previous.value if previous else None, reading
            )

    @staticmethod
    def _delta(previous_value, reading):
        """Consumption between a previous value and ``reading``."""
        if previous_value is None:
            return 0.0
        if reading.is_replacement:
            return reading.value + max(
                reading.old_meter_final_value - previous_value, 0.0
            )
        return reading.value - previous_value

    @api.constrains("value", "date", "is_replacement", "unit_id", "meter_type")
    def _check_value_not_below_previous(self):
        for reading in self.filtered(lambda r: not r.is_replacement):
            previous = reading._previous()
            if previous and reading.value < previous.value:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s, %(meter)s meter: %(value)s on %(date)s is "
                        "below the previous reading %(previous)s of "
                        "%(previous_date)s. If the meter was replaced, tick New "
                        "Meter.",
                        unit=reading.unit_id.code,
                        meter=dict(
                            reading._fields["meter_type"]._description_selection(
                                self.env
                            )
                        )[reading.meter_type],
                        value=reading.value,
                        date=reading.date,
                        previous=previous.value,
                        previous_date=previous.date,
                    )
                )

    @api.model
    def _consumption_by_unit(self, units, meter_type, date_from, date_to):
        """``{unit_id: consumption}`` over the readings dated in
        ``[date_from, date_to]``, measured from the last reading before
        ``date_from``. One query for all ``units``."""
        readings = self.search(
            [
                ("unit_id", "in", units.ids),
                ("meter_type", "=", meter_type),
                ("date", "<=", date_to),
            ],
            order="unit_id, date",
        )
        consumption = dict.fromkeys(units.ids, 0.0)
        previous_value = {}
        for reading in readings:
            unit_id = reading.unit_id.id
            if reading.date >= date_from:
                consumption[unit_id] += self._delta(
                    previous_value.get(unit_id), reading
                )
            previous_value[unit_id] = reading.value
        return consumption
