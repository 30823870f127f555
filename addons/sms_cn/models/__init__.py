from . import res_company
from . import res_config_settings
from . import sms_cn_template
from . import sms_sms
from . import mail_notification
from . import mail_thread
