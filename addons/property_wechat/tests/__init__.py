from . import test_property_wechat
