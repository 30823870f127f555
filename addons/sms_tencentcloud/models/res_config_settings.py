from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sms_tencentcloud_secret_id = fields.Char(
        related="company_id.sms_tencentcloud_secret_id",
        readonly=False,
        groups="base.group_system",
    )
    # The SecretKey is write-only: the form shows whether one is stored, never
    # the key itself, which therefore never reaches the browser.
    sms_tencentcloud_new_secret_key = fields.Char(
        string="New SecretKey",
        compute="_compute_sms_tencentcloud_new_secret_key",
        inverse="_inverse_sms_tencentcloud_new_secret_key",
        groups="base.group_system",
        help="Enter the SecretKey to store it; it is never shown again.",
    )
    sms_tencentcloud_has_secret_key = fields.Boolean(
        string="SecretKey Stored",
        compute="_compute_sms_tencentcloud_has_secret_key",
        groups="base.group_system",
    )
    sms_tencentcloud_sdk_app_id = fields.Char(
        related="company_id.sms_tencentcloud_sdk_app_id",
        readonly=False,
        groups="base.group_system",
    )
    sms_tencentcloud_region = fields.Selection(
        related="company_id.sms_tencentcloud_region",
        readonly=False,
        groups="base.group_system",
    )
    sms_tencentcloud_endpoint = fields.Char(
        related="company_id.sms_tencentcloud_endpoint",
        readonly=False,
        groups="base.group_system",
    )

    def _compute_sms_tencentcloud_new_secret_key(self):
        self.sms_tencentcloud_new_secret_key = False

    def _inverse_sms_tencentcloud_new_secret_key(self):
        for settings in self:
            secret = (settings.sms_tencentcloud_new_secret_key or "").strip()
            if secret:
                settings.company_id.sms_tencentcloud_secret_key = secret

    @api.depends("company_id")
    def _compute_sms_tencentcloud_has_secret_key(self):
        for settings in self:
            settings.sms_tencentcloud_has_secret_key = bool(
                settings.company_id.sms_tencentcloud_secret_key
            )
