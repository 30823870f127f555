from . import test_tencentcloud_sms
from . import test_tencentcloud_reports
from . import test_tencentcloud_security
