from odoo import api, fields, models


class PropertyVoteRate(models.Model):
    _inherit = "property.vote.rate"

    fee_type_id = fields.Many2one(
        "property.fee.type",
        string="Billed Fee Item",
        compute="_compute_fee_type_id",
        inverse="_inverse_fee_type_id",
        help="The fee item whose rate the vote revises from its effective date.",
    )

    @api.depends("res_model", "res_id")
    def _compute_fee_type_id(self):
        for line in self:
            line.fee_type_id = (
                line.res_id if line.res_model == "property.fee.type" else False
            )

    def _inverse_fee_type_id(self):
        for line in self:
            if line.fee_type_id:
                line.write(
                    {"res_model": "property.fee.type", "res_id": line.fee_type_id.id}
                )

    @api.onchange("fee_type_id")
    def _onchange_fee_type_id(self):
        for line in self.filtered("fee_type_id"):
            line.name = line.fee_type_id.name
            line.current_rate = line.fee_type_id._rate_on(
                fields.Date.context_today(line), line.vote_id.community_id
            )
