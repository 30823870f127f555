from . import test_mobile_login
from . import test_mobile_login_http
from . import test_portal_mobile
