from . import test_sms_cn_templates
