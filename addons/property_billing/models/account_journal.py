from odoo import fields, models

COUNTER_METHODS = [
    ("cash", "Cash"),
    ("card", "Bank Card"),
    ("transfer", "Bank Transfer"),
    ("wechat", "WeChat Pay"),
    ("alipay", "Alipay"),
]


class AccountJournal(models.Model):
    _inherit = "account.journal"

    property_counter_method = fields.Selection(
        COUNTER_METHODS,
        string="Counter Payment Method",
        help="Offered at the property service counter as this way of paying; "
        "printed on the receipt.",
    )
