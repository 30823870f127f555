from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyCounterPayment(models.TransientModel):
    _name = "property.counter.payment"
    _description = "Counter Payment"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    unit_id = fields.Many2one("property.unit")
    partner_id = fields.Many2one(
        "res.partner",
        string="Payer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Paid By",
        required=True,
        domain="[('type', 'in', ('cash', 'bank')), ('company_id', '=', company_id)]",
        default=lambda self: self._default_journal(),
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    invoice_ids = fields.Many2many(
        "account.move",
        string="Open Bills",
        compute="_compute_invoice_ids",
        help="Settled oldest due first; what is paid beyond them stays as credit "
        "for the next bills.",
    )
    amount_due = fields.Monetary(compute="_compute_invoice_ids")
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    memo = fields.Char()

    @api.model
    def _default_journal(self):
        return self.env["account.journal"].search(
            [
                ("property_counter_method", "!=", False),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )

    @api.depends("unit_id", "date")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.unit_id:
                wizard.partner_id = wizard.unit_id._get_payers(wizard.date).get(
                    wizard.unit_id.id
                )

    def _open_invoices_domain(self):
        domain = [
            *self.env["account.move"]._property_open_invoice_domain(),
            ("partner_id", "=", self.partner_id.id),
            ("company_id", "=", self.company_id.id),
        ]
        if self.unit_id:
            domain.append(("property_unit_id", "=", self.unit_id.id))
        return domain

    @api.depends("partner_id", "unit_id", "company_id")
    def _compute_invoice_ids(self):
        for wizard in self:
            invoices = self.env["account.move"]
            if wizard.partner_id:
                invoices = invoices.search(
                    wizard._open_invoices_domain(), order="invoice_date_due, id"
                )
            wizard.invoice_ids = invoices
            wizard.amount_due = sum(invoices.mapped("amount_residual"))

    @api.depends("amount_due")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.amount_due

    def action_confirm(self):
        """Register the payment, settle the open bills oldest due first and
        print the receipt."""
        self.ensure_one()
        if self.amount <= 0:
            raise UserError(
                self.env._("Enter the amount received: it must be above zero.")
            )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "journal_id": self.journal_id.id,
                "amount": self.amount,
                "date": self.date,
                "memo": self.memo or self._default_memo(),
                "property_unit_id": self.unit_id.id,
            }
        )
        payment.action_post()
        # The payment is the payer's newest credit: it settles these bills
        # oldest due first, after any older credit; the rest stays as credit.
        self.invoice_ids._property_apply_credit()
        self.partner_id._property_after_payment()
        report = self.env.ref("property_billing.action_report_property_receipt")
        return report.report_action(payment)

    def _default_memo(self):
        if self.unit_id:
            return self.env._("Counter payment, unit %(unit)s", unit=self.unit_id.code)
        return self.env._("Counter payment")
