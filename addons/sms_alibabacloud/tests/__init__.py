from . import test_alibabacloud_sms
from . import test_alibabacloud_reports
from . import test_alibabacloud_security
