from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .property_fee_contract import check_payers_tied_to_units


class PropertyBillingCharge(models.Model):
    """A one-off amount owed by a unit's payer (a paid repair, a replaced
    access card...): it goes on the unit's next bill, or on a bill of its own."""

    _name = "property.billing.charge"
    _description = "One-off Charge"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Description", required=True)
    unit_id = fields.Many2one(
        "property.unit", required=True, index=True, check_company=True
    )
    community_id = fields.Many2one(
        related="unit_id.community_id", store=True, index=True
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Payer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    amount = fields.Monetary(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    origin = fields.Char(help="Where the charge comes from, e.g. a service ticket.")
    state = fields.Selection(
        [("pending", "To Bill"), ("billed", "Billed"), ("cancel", "Cancelled")],
        default="pending",
        required=True,
        index=True,
    )
    move_id = fields.Many2one("account.move", string="Bill", readonly=True, copy=False)

    @api.depends("unit_id", "date")
    def _compute_partner_id(self):
        for charge in self:
            if charge.unit_id and not charge.partner_id:
                charge.partner_id = charge.unit_id._get_payers(charge.date).get(
                    charge.unit_id.id
                )

    @api.constrains("partner_id", "unit_id")
    def _check_partner_tied_to_unit(self):
        check_payers_tied_to_units(self)

    @api.constrains("amount")
    def _check_amount(self):
        if any(charge.amount <= 0 for charge in self):
            raise ValidationError(
                self.env._(
                    "A charge is an amount above zero; refund with a credit note."
                )
            )

    def _invoice_line_command(self):
        self.ensure_one()
        return Command.create(
            {
                "product_id": self.product_id.id,
                "name": self.name,
                "quantity": 1.0,
                "price_unit": self.amount,
            }
        )

    def action_invoice_now(self):
        """Bill pending charges at once, one bill per payer and unit."""
        pending = self.filtered(lambda charge: charge.state == "pending")
        if not pending:
            raise UserError(self.env._("Select charges that are still to bill."))
        moves = self.env["account.move"]
        for (partner, unit), charges in pending.grouped(
            lambda charge: (charge.partner_id, charge.unit_id)
        ).items():
            move = moves.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "company_id": unit.company_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "property_unit_id": unit.id,
                    "invoice_origin": ", ".join(filter(None, charges.mapped("origin"))),
                    "invoice_line_ids": [c._invoice_line_command() for c in charges],
                }
            )
            move.action_post()
            charges.write({"state": "billed", "move_id": move.id})
            moves |= move
        return moves

    def action_cancel(self):
        if self.filtered(lambda charge: charge.state == "billed"):
            raise UserError(
                self.env._(
                    "A billed charge is refunded with a credit note on its bill."
                )
            )
        self.state = "cancel"
