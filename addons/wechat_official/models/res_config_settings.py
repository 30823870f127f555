from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wechat_appid = fields.Char(related="company_id.wechat_appid", readonly=False)
    wechat_appsecret = fields.Char(
        string="WeChat AppSecret",
        compute="_compute_wechat_appsecret",
        inverse="_inverse_wechat_appsecret",
        groups="base.group_system",
        help="Write-only: the saved AppSecret is never shown; type a new one to "
        "replace it.",
    )
    wechat_api_url = fields.Char(related="company_id.wechat_api_url", readonly=False)

    @api.depends("company_id")
    def _compute_wechat_appsecret(self):
        self.wechat_appsecret = False

    def _inverse_wechat_appsecret(self):
        for settings in self.filtered("wechat_appsecret"):
            settings.company_id.wechat_appsecret = settings.wechat_appsecret
