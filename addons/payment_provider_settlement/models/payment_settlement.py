# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class PaymentSettlement(models.Model):
    _name = "payment.settlement"
    _description = "Payment Provider Settlement"
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    provider_id = fields.Many2one(
        comodel_name="payment.provider",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    company_id = fields.Many2one(
        related="provider_id.company_id", store=True, index=True, readonly=True
    )
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    state = fields.Selection(
        selection=[("booked", "Fees Booked"), ("no_fee", "No Fees")],
        required=True,
        readonly=True,
    )
    file = fields.Binary(string="Settlement File", attachment=True, readonly=True)
    file_name = fields.Char(readonly=True)
    file_hash = fields.Char(
        help="SHA-256 of the rows read from the file: the same bill is booked "
        "once, however often it is downloaded.",
        readonly=True,
        index=True,
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    fee_total = fields.Monetary(
        string="Fees",
        help="The fees of the file: charged on payments less returned on refunds.",
        readonly=True,
    )
    move_id = fields.Many2one(
        string="Journal Entry",
        comodel_name="account.move",
        readonly=True,
        check_company=True,
        index="btree_not_null",
    )
    transaction_ids = fields.Many2many(
        string="Transactions", comodel_name="payment.transaction", readonly=True
    )
    unknown_orders = fields.Text(
        help="Orders of the file unknown to Odoo whose fees were booked anyway.",
        readonly=True,
    )

    _sql_constraints = [
        (
            "file_hash_uniq",
            "unique(provider_id, file_hash)",
            "This settlement file is already imported for this provider.",
        ),
    ]

    @api.depends("provider_id.name", "date_from", "date_to")
    def _compute_name(self):
        for settlement in self:
            dates = (
                str(settlement.date_from)
                if settlement.date_from == settlement.date_to
                else f"{settlement.date_from} – {settlement.date_to}"
            )
            settlement.name = f"{settlement.provider_id.name} {dates}"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_move(self):
        if self.move_id.filtered(lambda move: move.state == "posted"):
            raise UserError(
                self.env._(
                    "Reset to draft and cancel the journal entry of the settlement "
                    "before deleting it."
                )
            )
