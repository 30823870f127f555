"""Billing periods: calendar-aligned cycles and day-based proration."""

from dateutil.relativedelta import relativedelta

CYCLE_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}


def period_containing(date, cycle):
    """Return ``(start, end)`` of the ``cycle`` period that contains ``date``,
    aligned on the calendar year (quarters start in January, April, ...)."""
    months = CYCLE_MONTHS[cycle]
    first_month = (date.month - 1) // months * months + 1
    start = date.replace(month=first_month, day=1)
    return start, start + relativedelta(months=months, days=-1)


def period_to_bill(date, cycle, billing_mode):
    """The period a run on ``date`` bills: the current one when billing in
    advance, the previous one when billing in arrears."""
    start, end = period_containing(date, cycle)
    if billing_mode == "arrears":
        start, end = period_containing(start - relativedelta(days=1), cycle)
    return start, end


def days(start, end):
    return (end - start).days + 1


def rate_segments(start, end, rates):
    """Split ``[start, end]`` by the rate in force each day.

    ``rates`` is a list of ``(date_from, rate)`` sorted by date. Days before
    the first rate have no rate and are left out.
    """
    segments = []
    for index, (date_from, rate) in enumerate(rates):
        date_to = (
            rates[index + 1][0] - relativedelta(days=1)
            if index + 1 < len(rates)
            else end
        )
        seg_start, seg_end = max(start, date_from), min(end, date_to)
        if seg_start <= seg_end:
            segments.append((seg_start, seg_end, rate))
    return segments
