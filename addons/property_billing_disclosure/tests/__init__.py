from . import test_fee_change
