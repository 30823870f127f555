from odoo.tests import tagged

from odoo.addons.payment_wechatpay.tests.common import WeChatPayCommon


@tagged("post_install", "-at_install")
class TestPayerOpenid(WeChatPayCommon):
    def test_openid_of_bound_partner(self):
        self.partner.sudo().wechat_openid = "oOPENID_PAYER"
        self.provider.company_id.wechat_appid = self.APPID
        tx = self._create_transaction("redirect")
        self.assertEqual(tx._wechatpay_get_payer_openid(), "oOPENID_PAYER")

    def test_other_appid_or_unbound(self):
        tx = self._create_transaction("redirect")
        self.provider.company_id.wechat_appid = self.APPID
        self.assertFalse(tx._wechatpay_get_payer_openid())  # not bound
        self.partner.sudo().wechat_openid = "oOPENID_PAYER"
        self.provider.company_id.wechat_appid = "wx_another_account"
        self.assertFalse(tx._wechatpay_get_payer_openid())
