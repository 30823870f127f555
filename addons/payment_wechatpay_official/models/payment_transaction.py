from odoo import models
from odoo.http import request


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _wechatpay_get_payer_openid(self):
        """The openid the payer bound through the official account, when the
        provider's AppID is the official account's: the signed-in user's (who
        pays in this browser), else the transaction's partner's."""
        openid = super()._wechatpay_get_payer_openid()
        if openid:
            return openid
        provider = self.provider_id
        company = provider.company_id
        if not (provider.wechatpay_appid and company.wechat_appid):
            return False
        if provider.wechatpay_appid != company.wechat_appid:
            return False
        partner = self.partner_id
        if request and not request.env.user._is_public():
            partner = request.env.user.partner_id
        # sudo: the openid is only passed to WeChat Pay to create the order of
        # this transaction's payer (the signed-in user or its partner).
        return partner.sudo().wechat_openid or False
