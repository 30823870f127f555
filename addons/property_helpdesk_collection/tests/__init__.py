from . import test_fee_objection
from . import test_fee_dispute_security
