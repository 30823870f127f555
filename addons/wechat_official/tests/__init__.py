from . import test_wechat_official
