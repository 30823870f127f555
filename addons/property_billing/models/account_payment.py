from odoo import api, fields, models

from odoo.addons.property_base.tools import amount_in_capitals


class AccountPayment(models.Model):
    _inherit = "account.payment"

    property_unit_id = fields.Many2one(
        "property.unit", string="Unit", index="btree_not_null", readonly=True
    )
    property_community_id = fields.Many2one(
        "property.community",
        string="Community",
        compute="_compute_property_community_id",
        store=True,
        index="btree_not_null",
        help="Property staff see the payments of their communities only.",
    )
    property_counter_method = fields.Selection(
        related="journal_id.property_counter_method"
    )

    @api.depends("property_unit_id.community_id", "invoice_ids.property_community_id")
    def _compute_property_community_id(self):
        """The unit's (counter payments), else the paid invoices' (online
        payments): of several, the first, so that staff of another community
        never see it."""
        for payment in self:
            payment.property_community_id = (
                payment.property_unit_id.community_id
                or payment.invoice_ids.property_community_id[:1]
            )

    def _property_receipt_allocations(self):
        """What this payment settled: ``[(invoice, amount)]``, and what it left
        as credit for the next bills."""
        self.ensure_one()
        lines = self.move_id.line_ids.filtered(
            lambda line: line.account_id == self.destination_account_id
        )
        allocations = {}
        for partial in lines.matched_debit_ids:
            invoice = partial.debit_move_id.move_id
            allocations[invoice] = allocations.get(invoice, 0.0) + partial.amount
        credit_left = -sum(lines.mapped("amount_residual"))
        return list(allocations.items()), credit_left

    def _property_receipt_method(self):
        """How the resident paid, as the receipt names it: the online
        provider, else the counter method, else the journal."""
        self.ensure_one()
        if self.payment_transaction_id:
            return self.payment_transaction_id.provider_id.name
        if self.property_counter_method:
            return dict(
                self._fields["property_counter_method"]._description_selection(self.env)
            )[self.property_counter_method]
        return self.journal_id.name

    def _property_amount_in_words(self):
        """The amount in capital numerals (大写) for yuan, else in words."""
        self.ensure_one()
        if self.currency_id.name == "CNY":
            return amount_in_capitals(self.amount)
        return self.currency_id.amount_to_text(self.amount)
