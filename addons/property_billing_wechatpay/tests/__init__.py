from . import test_wechatpay_bills
