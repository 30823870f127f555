from . import test_wechat_mobile_binding
