from . import test_payer_openid
