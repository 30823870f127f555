from . import test_property_sms_cn
