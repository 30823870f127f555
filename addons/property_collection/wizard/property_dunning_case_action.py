from odoo import fields, models

from ..models.property_dunning_case import HOLD_TYPES


class PropertyDunningCaseAction(models.TransientModel):
    _name = "property.dunning.case.action"
    _description = "Record a Promise, a Hold or an Outcome"

    case_id = fields.Many2one("property.dunning.case", required=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
    kind = fields.Selection(
        [
            ("promise", "Promise to Pay"),
            ("hold", "Hold"),
            ("outcome", "Outcome"),
            ("delivery", "Demand Letter Delivery"),
        ],
        required=True,
        default="outcome",
    )
    date = fields.Date(help="Promised by, or hold until.")
    amount = fields.Monetary(string="Promised Amount")
    hold_type = fields.Selection(HOLD_TYPES)
    outcome = fields.Selection(
        lambda self: (
            self.env["property.dunning.event"]
            ._fields["outcome"]
            ._description_selection(self.env)
        )
    )
    note = fields.Text()
    delivery_state = fields.Selection(
        [("delivered", "Delivered"), ("returned", "Returned")]
    )
    proof_ids = fields.Many2many("ir.attachment", string="Delivery Proof")

    def action_confirm(self):
        self.ensure_one()
        case = self.case_id
        if self.kind == "promise":
            case.action_promise(self.date, self.amount)
        elif self.kind == "hold":
            case.action_hold(self.hold_type, self.note, self.date)
        elif self.kind == "delivery":
            case.action_record_delivery(self.delivery_state, self.proof_ids, self.note)
        else:
            case.action_record_outcome(self.outcome, self.note)
        return {"type": "ir.actions.act_window_close"}
