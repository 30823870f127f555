from . import test_wechatpay_provider
from . import test_wechatpay_flows
from . import test_wechatpay_sync
from . import test_wechatpay_refund
from . import test_wechatpay_settlement
