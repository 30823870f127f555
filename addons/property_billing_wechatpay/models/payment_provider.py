from odoo import models

from odoo.addons.payment_wechatpay import const


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    def _property_supports_counter_qr(self):
        return self.code == "wechatpay" or super()._property_supports_counter_qr()

    def _property_counter_qr_code(self, transaction):
        """WeChat Pay's Native order: its ``code_url`` is the QR code."""
        if self.code != "wechatpay":
            return super()._property_counter_qr_code(transaction)
        if not transaction.wechatpay_code_url:
            transaction._wechatpay_create_order(const.FLOW_NATIVE)
        return transaction.wechatpay_code_url

    def _property_counter_qr_refresh(self, transaction):
        if self.code != "wechatpay":
            return super()._property_counter_qr_refresh(transaction)
        return transaction._wechatpay_query()
