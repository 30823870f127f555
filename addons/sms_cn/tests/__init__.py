from . import test_sms_cn_send
from . import test_sms_cn_reports
from . import test_sms_cn_template
