from odoo import models
from odoo.exceptions import UserError

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

    # ------------------------------------------------------------------
    # Accounting of each provider on its own
    # ------------------------------------------------------------------
    def action_property_own_journal(self):
        """Give this provider a bank journal and an outstanding receipts
        account of its own: its payments land there, so that the accountant
        reconciles the provider's settlement reports against them."""
        self.ensure_one()
        self.env["account.journal"].check_access("create")
        self.env["account.account"].check_access("create")
        company = self.company_id
        Account = self.env["account.account"].with_company(company)
        # The account Odoo gives a provider's payments by default: the chart's
        # outstanding receipts (account_payment).
        outstanding = self.env["account.account"].browse(
            self._get_payment_method_outstanding_account_id(
                self._get_provider_payment_method(self._get_code())
            )
        )
        if not outstanding:
            raise UserError(
                self.env._(
                    "%(company)s has no outstanding receipts account to start from: "
                    "set it in the accounting settings first.",
                    company=company.display_name,
                )
            )
        account = Account.create(
            {
                "name": self.env._(
                    "Outstanding Receipts: %(provider)s", provider=self.name
                ),
                "code": Account._search_new_account_code(outstanding.code),
                "account_type": outstanding.account_type,
                "reconcile": True,
            }
        )
        journal = self.env["account.journal"].create(
            {
                "name": self.name,
                "type": "bank",
                "code": self._property_new_journal_code(),
                "company_id": company.id,
            }
        )
        self.journal_id = journal
        self.env["account.payment.method.line"].search(
            [("payment_provider_id", "=", self.id), ("journal_id", "=", journal.id)]
        ).payment_account_id = account
        return True

    def _property_new_journal_code(self):
        prefix = "".join(char for char in (self.code or "").upper() if char.isalpha())
        prefix = (prefix or "PAY")[:3]
        used = set(
            self.env["account.journal"]
            .search([("company_id", "=", self.company_id.id)])
            .mapped("code")
        )
        return next(
            code
            for code in (f"{prefix}{number}" for number in range(1, 100))
            if code not in used
        )
