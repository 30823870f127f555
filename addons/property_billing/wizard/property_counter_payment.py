from werkzeug.urls import url_encode

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
    qr_provider_id = fields.Many2one(
        "payment.provider",
        string="Scan to Pay With",
        domain="[('id', 'in', qr_provider_ids)]",
        help="Show this provider's QR code for the amount: the resident scans it "
        "with their phone, the bills are paid when the provider confirms.",
    )
    qr_provider_ids = fields.Many2many(
        "payment.provider", compute="_compute_qr_provider_ids"
    )
    qr_transaction_id = fields.Many2one("payment.transaction", readonly=True)
    qr_state = fields.Selection(related="qr_transaction_id.state")
    qr_image_url = fields.Char(readonly=True)

    @api.model
    def _default_journal(self):
        """The company's first counter journal; its cash journal while no
        journal is marked for the counter yet."""
        Journal = self.env["account.journal"]
        company = [("company_id", "=", self.env.company.id)]
        return Journal.search(
            [*company, ("property_counter_method", "!=", False)], limit=1
        ) or Journal.search([*company, ("type", "=", "cash")], limit=1)

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

    @api.depends("company_id")
    def _compute_qr_provider_ids(self):
        for wizard in self:
            # sudo: lists the company's providers by name for the cashier,
            # who may register payments; no credential is read.
            providers = (
                self.env["payment.provider"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", wizard.company_id.id),
                        ("state", "in", ("enabled", "test")),
                    ]
                )
            )
            wizard.qr_provider_ids = providers.filtered(
                lambda provider: provider._property_supports_counter_qr()
            )

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
        # The receipt prints at once, never the document layout wizard: the
        # payment is already saved, and a cashier who sees no receipt takes
        # the money again.
        return report.report_action(payment, config=False)

    def _default_memo(self):
        if self.unit_id:
            return self.env._("Counter payment, unit %(unit)s", unit=self.unit_id.code)
        return self.env._("Counter payment")

    def action_show_qr(self):
        """Create the online payment of the amount for the open bills and show
        the provider's QR code; the bills are paid once the provider confirms
        (its notification, or *Check Payment*)."""
        self.ensure_one()
        self.env["account.payment"].check_access("create")
        if self.qr_provider_id not in self.qr_provider_ids:
            raise UserError(
                self.env._("Choose a provider whose QR code the counter can show.")
            )
        if self.amount <= 0:
            raise UserError(
                self.env._("Enter the amount to pay: it must be above zero.")
            )
        if self.currency_id.compare_amounts(self.amount, self.amount_due) > 0:
            raise UserError(
                self.env._(
                    "A QR code pays at most what is due (%(due)s); take a "
                    "prepayment in cash or by card.",
                    due=self.amount_due,
                )
            )
        # sudo: the cashier may register payments (checked above); creating
        # the order at the provider reads its credentials, which only
        # administrators may see.
        provider = self.qr_provider_id.sudo()
        # sudo: the same check; the transaction is the payer's, for the open
        # bills listed here, and its amount is at most what they owe.
        Transaction = self.env["payment.transaction"].sudo()
        transaction = Transaction.create(
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "reference": Transaction._compute_reference(
                    provider.code, prefix=self.invoice_ids[:1].name
                ),
                "amount": self.amount,
                "currency_id": self.currency_id.id,
                "partner_id": self.partner_id.id,
                "invoice_ids": [(6, 0, self.invoice_ids.ids)],
                "operation": "online_redirect",
            }
        )
        code = provider._property_counter_qr_code(transaction)
        self.write(
            {
                "qr_transaction_id": transaction.id,
                "qr_image_url": "/report/barcode/?"
                + url_encode(
                    {"barcode_type": "QR", "value": code, "width": 300, "height": 300}
                ),
            }
        )
        return self._reopen()

    def action_check_qr(self):
        """Whether the resident has paid: print the receipt once they have."""
        self.ensure_one()
        self.env["account.payment"].check_access("create")
        # sudo: the cashier may register payments (checked above); asking the
        # provider reads its credentials.
        transaction = self.qr_transaction_id.sudo()
        if not transaction:
            raise UserError(self.env._("Show a QR code first."))
        if transaction.state in ("draft", "pending"):
            transaction.provider_id._property_counter_qr_refresh(transaction)
        if transaction.state == "done" and not transaction.is_post_processed:
            transaction._post_process()
        if transaction.state != "done" or not transaction.payment_id:
            raise UserError(
                self.env._(
                    "Not paid yet (%(state)s): check again once the resident's phone "
                    "shows the payment as done.",
                    state=transaction.state,
                )
            )
        report = self.env.ref("property_billing.action_report_property_receipt")
        return report.report_action(transaction.payment_id, config=False)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
