from . import test_helpdesk_billing
from . import test_fee_dispute_security
