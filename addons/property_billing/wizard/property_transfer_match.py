from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyTransferMatch(models.TransientModel):
    _name = "property.transfer.match"
    _description = "Match a Bank Transfer to a Bill"

    statement_line_id = fields.Many2one(
        "account.bank.statement.line", string="Transfer", required=True
    )
    amount = fields.Monetary(related="statement_line_id.amount")
    currency_id = fields.Many2one(related="statement_line_id.currency_id")
    payment_ref = fields.Char(related="statement_line_id.payment_ref")
    partner_name = fields.Char(related="statement_line_id.partner_name")
    company_id = fields.Many2one(related="statement_line_id.company_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Payer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        help="The bills offered are this payer's; clear it to see every open bill.",
    )
    community_id = fields.Many2one(
        "property.community",
        compute="_compute_community_id",
        store=True,
        readonly=False,
        help="The bills offered are of this community's units; clear it to see "
        "every community's.",
    )
    move_id = fields.Many2one(
        "account.move",
        string="Bill",
        required=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial')), "
        "('property_unit_id', '!=', False), ('company_id', '=', company_id), "
        "('partner_id', '=?', partner_id), "
        "('property_community_id', '=?', community_id)]",
        help="An open fee bill; type the bill number, the payer or the unit code.",
    )

    @api.depends("statement_line_id")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = wizard.statement_line_id._property_likely_payer()

    @api.depends("partner_id")
    def _compute_community_id(self):
        Move = self.env["account.move"]
        for wizard in self:
            communities = self.env["property.community"]
            if wizard.partner_id:
                communities = Move.search(
                    [
                        *Move._property_open_fee_bill_domain(),
                        ("partner_id", "=", wizard.partner_id.id),
                        ("company_id", "=", wizard.company_id.id),
                    ]
                ).property_community_id
            wizard.community_id = communities if len(communities) == 1 else False

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.bank.statement.line":
            values["statement_line_id"] = self.env.context.get("active_id")
        return values

    def action_match(self):
        self.ensure_one()
        st_line = self.statement_line_id
        bill = self.move_id
        st_line._property_check_bank_access(st_line.journal_id)
        # The transfer and the bill as the user may see them.
        st_line.check_access("read")
        bill.check_access("read")
        if st_line.is_reconciled or st_line.property_move_id:
            raise UserError(
                self.env._(
                    "The transfer %(label)s is already matched. If that match is "
                    "wrong, undo it in accounting first.",
                    label=st_line.payment_ref,
                )
            )
        # sudo: checked above (Billing right on the transfer's bank journal,
        # transfer and bill readable); statement lines need more in Community.
        st_line.sudo()._property_reconcile_bill(bill.sudo())
        return {"type": "ir.actions.act_window_close"}
