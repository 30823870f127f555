from datetime import date

from odoo.tests import BaseCase

from ..period import period_containing, period_to_bill, rate_segments


class TestPeriod(BaseCase):
    def test_periods_align_on_the_calendar(self):
        self.assertEqual(
            period_containing(date(2026, 2, 10), "monthly"),
            (date(2026, 2, 1), date(2026, 2, 28)),
        )
        self.assertEqual(
            period_containing(date(2026, 5, 31), "quarterly"),
            (date(2026, 4, 1), date(2026, 6, 30)),
        )
        self.assertEqual(
            period_containing(date(2026, 7, 1), "semiannual"),
            (date(2026, 7, 1), date(2026, 12, 31)),
        )
        self.assertEqual(
            period_containing(date(2024, 2, 29), "annual"),
            (date(2024, 1, 1), date(2024, 12, 31)),
        )

    def test_arrears_bill_the_previous_period(self):
        self.assertEqual(
            period_to_bill(date(2026, 1, 5), "monthly", "arrears"),
            (date(2025, 12, 1), date(2025, 12, 31)),
        )
        self.assertEqual(
            period_to_bill(date(2026, 1, 5), "quarterly", "advance"),
            (date(2026, 1, 1), date(2026, 3, 31)),
        )

    def test_rate_segments(self):
        rates = [(date(2025, 1, 1), 2.0), (date(2026, 7, 1), 3.0)]
        self.assertEqual(
            rate_segments(date(2026, 1, 1), date(2026, 12, 31), rates),
            [
                (date(2026, 1, 1), date(2026, 6, 30), 2.0),
                (date(2026, 7, 1), date(2026, 12, 31), 3.0),
            ],
        )
        # Before the first rate there is nothing.
        self.assertEqual(rate_segments(date(2024, 1, 1), date(2024, 1, 31), rates), [])
