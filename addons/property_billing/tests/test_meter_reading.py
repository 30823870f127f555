from odoo.exceptions import ValidationError

from .common import BillingCase


class TestMeterReading(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_water = cls._create_fee_type(
            "Water", "metered", 3.5, meter_type="water"
        )

    def _read(self, date, value, **values):
        return self.env["property.meter.reading"].create(
            {
                "unit_id": self.unit.id,
                "meter_type": "water",
                "date": date,
                "value": value,
                **values,
            }
        )

    def test_metered_fee_bills_the_consumption_of_the_period(self):
        self._create_contract(fee_types=self.fee_water, billing_mode="arrears")
        self._read("2025-12-31", 100.0)
        self._read("2026-01-15", 104.5)
        reading = self._read("2026-01-31", 112.0)
        self._read("2026-02-10", 115.0)  # next period
        self.assertEqual(reading.consumption, 7.5)
        invoice = self._run("2026-02-01").move_ids
        self.assertEqual(invoice.invoice_line_ids.quantity, 12.0)
        self.assertEqual(invoice.amount_total, 42.0)

    def test_reading_below_previous_is_refused(self):
        self._read("2026-01-01", 500.0)
        with self.assertRaises(ValidationError) as error:
            self._read("2026-02-01", 20.0)
        self.assertIn("tick New Meter", str(error.exception))

    def test_meter_replacement(self):
        self._create_contract(fee_types=self.fee_water, billing_mode="arrears")
        self._read("2025-12-31", 500.0)
        # The old meter showed 508 when it was removed; the new one starts at 0.
        replacement = self._read(
            "2026-01-20", 3.0, is_replacement=True, old_meter_final_value=508.0
        )
        self.assertEqual(replacement.consumption, 11.0)
        self._read("2026-01-31", 10.0)
        invoice = self._run("2026-02-01").move_ids
        self.assertEqual(invoice.invoice_line_ids.quantity, 18.0)

    def test_no_consumption_no_line(self):
        contract = self._create_contract(
            fee_types=self.fee_water | self.fee_area, billing_mode="arrears"
        )
        invoice = self._run("2026-02-01").move_ids
        self.assertEqual(invoice.property_contract_id, contract)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.product)
        self.assertEqual(len(invoice.invoice_line_ids), 1, "only the area fee")
