from . import test_billing_run
from . import test_late_fee
from . import test_meter_reading
from . import test_period
from . import test_portal_bills
from . import test_security
from . import test_concurrency
