from . import auth_mobile_otp
from . import res_users
