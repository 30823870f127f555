from odoo import models


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    def _property_supports_counter_qr(self):
        return self.code == "alipay" or super()._property_supports_counter_qr()

    def _property_counter_qr_code(self, transaction):
        """Alipay's face-to-face order (当面付, precreate): its ``qr_code``."""
        if self.code != "alipay":
            return super()._property_counter_qr_code(transaction)
        return transaction._alipay_get_qr_code()["qr_code"]

    def _property_counter_qr_refresh(self, transaction):
        if self.code != "alipay":
            return super()._property_counter_qr_refresh(transaction)
        return transaction._alipay_query_trade()
