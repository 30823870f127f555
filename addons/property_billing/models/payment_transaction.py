from odoo import api, models
from odoo.exceptions import ValidationError

# What a payer starts from the portal. Refunds and validations are made by
# the server or by staff, offline payments by token are registered by staff,
# and captures (child transactions) split a transaction already checked.
PAYER_OPERATIONS = ("online_redirect", "online_direct", "online_token")


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    @api.constrains("amount", "invoice_ids")
    def _check_property_amount(self):
        """A payer pays more than nothing and at most what they owe. Checked
        on the transaction itself: every route creating one passes here, and
        several of them take the amount from the browser."""
        for tx in self:
            if (
                tx.state != "draft"
                or tx.operation not in PAYER_OPERATIONS
                or tx.source_transaction_id
            ):
                continue
            if tx.currency_id.compare_amounts(tx.amount, 0.0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The amount to pay must be above zero. Reload the page "
                        "and pay the amount shown."
                    )
                )
            payable = tx._property_payable_amount()
            if (
                payable is not None
                and tx.currency_id.compare_amounts(tx.amount, payable) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "You can pay at most %(amount)s online: what is still open. "
                        "To pay ahead, come to the service counter.",
                        amount=tx.currency_id.format(payable),
                    )
                )

    def _property_payable_amount(self):
        """What the payer may pay online in this transaction: the residual of
        the property bills it pays, or when it names no bill, the balance of
        the payer and of the people they pay for as proxy payer; plus the
        prepayment allowed online. ``None`` when no property bill or resident
        is concerned: Odoo's own rules apply."""
        self.ensure_one()
        # sudo: the payment routes checked the payer's access to the bills or
        # the signed amount (access token); this only sums what is owed.
        tx = self.sudo()
        invoices = tx.invoice_ids
        if invoices:
            if not invoices.filtered("property_unit_id"):
                return None
            open_bills = invoices.filtered(
                lambda move: (
                    move.state == "posted"
                    and move.move_type in ("out_invoice", "out_receipt")
                    and move.currency_id == tx.currency_id
                )
            )
            owed = sum(open_bills.mapped("amount_residual"))
        else:
            partner = tx.partner_id | tx.partner_id.commercial_partner_id
            payers = partner | partner.property_proxied_partner_ids
            is_resident = tx.env["property.occupancy"].search_count(
                [("partner_id", "in", payers.ids)], limit=1
            )
            if not is_resident:
                return None
            owed = 0.0
            if tx.currency_id == tx.company_id.currency_id:
                receivables = tx.env["account.move.line"].search(
                    [
                        ("partner_id", "in", payers.ids),
                        ("company_id", "=", tx.company_id.id),
                        ("account_type", "=", "asset_receivable"),
                        ("parent_state", "=", "posted"),
                        ("reconciled", "=", False),
                    ]
                )
                owed = sum(receivables.mapped("amount_residual"))
        return max(owed, 0.0) + tx._property_online_prepayment()

    def _property_online_prepayment(self):
        """What a payer may pay online beyond what they owe. No community
        offers paying ahead online yet: nothing, until a setting says so."""
        return 0.0

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
        payment.partner_id._property_after_payment()
        return payment
