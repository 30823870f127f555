from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sms_cn_gateway = fields.Selection(
        related="company_id.sms_cn_gateway", readonly=False, required=True
    )
    sms_cn_sign_name = fields.Char(
        related="company_id.sms_cn_sign_name", readonly=False
    )
    sms_cn_receipt_url = fields.Char(
        string="Delivery Report Address",
        compute="_compute_sms_cn_receipt_url",
        groups="base.group_system",
        help="Give this address to the gateway as its delivery report (status "
        "callback) address. It holds a secret: renew it if it leaked.",
    )

    @api.depends("company_id", "sms_cn_gateway")
    def _compute_sms_cn_receipt_url(self):
        for settings in self:
            gateway = settings.sms_cn_gateway
            settings.sms_cn_receipt_url = (
                gateway
                and gateway != "iap"
                and settings.company_id._sms_cn_receipt_url(gateway)
            )

    def action_sms_cn_renew_receipt_token(self):
        self.company_id.action_sms_cn_renew_receipt_token()
