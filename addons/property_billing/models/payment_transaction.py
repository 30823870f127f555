from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _create_payment(self, **extra_create_values):
        """A proxy payer (a child paying for an elderly parent) pays the
        parent's bills: the payment is the parent's, so that the parent's
        statement of account shows it."""
        payers = self.invoice_ids.partner_id.commercial_partner_id
        if (
            len(payers) == 1
            and "partner_id" not in extra_create_values
            and payers.property_proxy_payer_id == self.partner_id.commercial_partner_id
        ):
            extra_create_values["partner_id"] = payers.id
        payment = super()._create_payment(**extra_create_values)
        payment.partner_id._property_pay_installments()
        return payment
