from . import test_payment_settlement
