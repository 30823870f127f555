from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sms_alibabacloud_access_key_id = fields.Char(
        related="company_id.sms_alibabacloud_access_key_id",
        readonly=False,
        groups="base.group_system",
    )
    # The secret is write-only: the form shows whether one is stored, never
    # the secret itself, which therefore never reaches the browser.
    sms_alibabacloud_new_secret = fields.Char(
        string="New AccessKey Secret",
        compute="_compute_sms_alibabacloud_new_secret",
        inverse="_inverse_sms_alibabacloud_new_secret",
        groups="base.group_system",
        help="Enter the AccessKey secret to store it; it is never shown again.",
    )
    sms_alibabacloud_has_secret = fields.Boolean(
        string="AccessKey Secret Stored",
        compute="_compute_sms_alibabacloud_has_secret",
        groups="base.group_system",
    )
    sms_alibabacloud_endpoint = fields.Char(
        related="company_id.sms_alibabacloud_endpoint",
        readonly=False,
        groups="base.group_system",
    )

    def _compute_sms_alibabacloud_new_secret(self):
        self.sms_alibabacloud_new_secret = False

    def _inverse_sms_alibabacloud_new_secret(self):
        for settings in self:
            secret = (settings.sms_alibabacloud_new_secret or "").strip()
            if secret:
                settings.company_id.sms_alibabacloud_access_key_secret = secret

    @api.depends("company_id")
    def _compute_sms_alibabacloud_has_secret(self):
        for settings in self:
            settings.sms_alibabacloud_has_secret = bool(
                settings.company_id.sms_alibabacloud_access_key_secret
            )
