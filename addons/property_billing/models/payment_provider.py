from odoo import models

from odoo.addons.payment import utils as payment_utils


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    def _get_compatible_providers(self, *args, report=None, **kwargs):
        """On a community's bills, only the providers the community offers
        (all of them when it chose none). ``property_community_id`` is set
        by the portal from the bills themselves: a client naming another
        community could only narrow the choice further."""
        providers = super()._get_compatible_providers(*args, report=report, **kwargs)
        try:
            community_id = int(kwargs.get("property_community_id") or 0)
        except (TypeError, ValueError):  # from a query string
            community_id = 0
        if not community_id:
            return providers
        # sudo: only reads which providers the bills' community offers; the
        # caller already searched the providers as the payment page does.
        community = self.env["property.community"].sudo().browse(community_id).exists()
        offered = community.payment_provider_ids
        if not offered:
            return providers
        payment_utils.add_to_report(
            report,
            providers - offered,
            available=False,
            reason=self.env._("not offered to this community's residents"),
        )
        return providers & offered

    # ------------------------------------------------------------------
    # Paying at the counter by scanning a QR code: a provider module's glue
    # says it can, makes the code and asks the provider for the result.
    # ------------------------------------------------------------------
    def _property_supports_counter_qr(self):
        """Whether the counter can show this provider's QR code."""
        return False

    def _property_counter_qr_code(self, transaction):
        """The content of the QR code the resident scans to pay
        ``transaction`` (an order created at the provider)."""
        raise NotImplementedError

    def _property_counter_qr_refresh(self, transaction):
        """Ask the provider whether ``transaction`` is paid, for a lost
        notification; the notification itself needs nothing."""
        return
