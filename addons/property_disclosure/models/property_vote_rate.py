from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyVoteRate(models.Model):
    """A rate a fee-change proposal revises. ``res_model``/``res_id`` point to
    the fee the rate belongs to (e.g. a ``property.fee.type`` of
    property_billing) so that a glue module can apply the approved rate."""

    _name = "property.vote.rate"
    _description = "Proposed Rate"
    _property_parent_field = "vote_id"
    _order = "vote_id, sequence, id"

    vote_id = fields.Many2one(
        "property.vote", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Fee Item", required=True, translate=True)
    res_model = fields.Char(
        string="Fee Model", help="Technical name of the model of the fee, if any."
    )
    res_id = fields.Many2oneReference(
        string="Fee Record",
        model_field="res_model",
        help="The fee the rate belongs to.",
    )
    uom = fields.Char(string="Unit", help="e.g. CNY per m² per month.")
    current_rate = fields.Float(digits="Product Price", required=True)
    proposed_rate = fields.Float(digits="Product Price", required=True)
    change_rate = fields.Float(
        string="Change (%)", compute="_compute_change_rate", digits=(16, 2)
    )

    @api.model_create_multi
    def create(self, vals_list):
        rates = super().create(vals_list)
        rates.vote_id._check_proposal_editable()
        return rates

    def write(self, vals):
        self.vote_id._check_proposal_editable()
        return super().write(vals)

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        # Translations are written without write(): same rule as write().
        self.vote_id._check_proposal_editable()
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_announced(self):
        self.vote_id._check_proposal_editable()

    @api.depends("current_rate", "proposed_rate")
    def _compute_change_rate(self):
        for rate in self:
            rate.change_rate = (
                round((rate.proposed_rate / rate.current_rate - 1) * 100, 2)
                if rate.current_rate
                else 0.0
            )

    @api.constrains("current_rate", "proposed_rate")
    def _check_rates(self):
        for rate in self:
            if rate.current_rate < 0 or rate.proposed_rate < 0:
                raise ValidationError(
                    self.env._(
                        "%(fee)s: a rate cannot be negative.",
                        fee=rate.name,
                    )
                )
