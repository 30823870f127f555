from . import test_payment_provider
from . import test_payment_transaction
from . import test_processing_flows
from . import test_alipay_settlement
