from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _property_after_payment(self):
        """Called once a payment of these payers is recorded and has settled
        what it could of their bills, whichever way it came (counter, online,
        bank transfer matched): what is left is their credit. Modules that
        settle more with it (installments) extend this."""
        return True
