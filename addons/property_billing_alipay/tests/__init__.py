from . import test_alipay_bills
