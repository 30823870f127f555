from werkzeug.urls import url_encode

from odoo.http import request

from odoo.addons.payment import utils as payment_utils
from odoo.addons.property_billing.controllers.portal import PropertyBillingPortal


class PropertyCollectionPortal(PropertyBillingPortal):
    def _property_bills_extra_values(self):
        values = super()._property_bills_extra_values()
        # Record rules decide whose agreements: the resident's own and those
        # of the people they pay for as proxy payer.
        agreements = request.env["property.installment.agreement"].search(
            [("state", "in", ("active", "defaulted", "completed"))]
        )
        values["agreements"] = agreements
        # Settled by the plan's rescheduling entry, not paid.
        values["rescheduled_ids"] = set(
            agreements.filtered(lambda a: a.state != "completed").move_ids.ids
        )
        values["installment_pay_url"] = self._property_installment_pay_url
        return values

    def _property_installment_pay_url(self, agreement):
        """The payment page for the next installment due: the payment becomes
        the payer's credit and settles the installment at once."""
        line = agreement.line_ids.filtered(lambda line: line.amount_residual)[:1]
        if not line or agreement.state != "active":
            return False
        partner = agreement.partner_id
        params = {
            "reference": agreement.name,
            "amount": line.amount_residual,
            "currency_id": agreement.currency_id.id,
            "partner_id": partner.id,
            "company_id": agreement.company_id.id,
            "access_token": payment_utils.generate_access_token(
                partner.id, line.amount_residual, agreement.currency_id.id
            ),
        }
        return f"/payment/pay?{url_encode(params)}"
