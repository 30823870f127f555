import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError


class ResCompany(models.Model):
    _inherit = "res.company"

    sms_cn_gateway = fields.Selection(
        [("iap", "Odoo IAP")],
        string="SMS Gateway",
        default="iap",
        required=True,
        help="Odoo IAP sends SMS as free text through Odoo's paid service; a "
        "Chinese gateway sends them as approved templates with the signature.",
    )
    sms_cn_sign_name = fields.Char(
        string="SMS Signature",
        help="The signature (签名) approved by the gateway, without the brackets, "
        "e.g. 绿城物业. A template may use another approved signature.",
    )
    sms_cn_receipt_token = fields.Char(
        string="Delivery Report Token",
        groups="base.group_system",
        copy=False,
        readonly=True,
        help="Secret part of the delivery report addresses given to the gateways.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._sms_cn_ensure_receipt_token()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if vals.get("sms_cn_gateway"):
            self._sms_cn_ensure_receipt_token()
        return res

    def _sms_cn_ensure_receipt_token(self):
        """Give companies using a Chinese gateway their delivery report token."""
        # sudo: the ORM checked the caller's right to create / write these
        # companies; the token is a secret only administrators may read.
        for company in self.sudo():
            if company.sms_cn_gateway != "iap" and not company.sms_cn_receipt_token:
                company.sms_cn_receipt_token = secrets.token_urlsafe(32)

    def action_sms_cn_renew_receipt_token(self):
        """Give the delivery report addresses a new secret (after a leak)."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._("Only administrators may renew the report addresses.")
            )
        self.check_access("write")
        # sudo: the caller is an administrator allowed to write the companies
        # (checked above); the token field is written as the system.
        for company in self.sudo():
            company.sms_cn_receipt_token = secrets.token_urlsafe(32)

    def _sms_cn_get_api(self):
        """The API of the company's Chinese SMS gateway, None for Odoo IAP."""
        self.ensure_one()
        return self._sms_cn_get_api_of(self.sms_cn_gateway)

    def _sms_cn_get_api_of(self, gateway):
        """The company's API of the Chinese gateway ``gateway`` (an instance of
        an ``SmsCnApi`` subclass), None for Odoo IAP or an unknown gateway.

        Each gateway module returns its API for its key."""
        self.ensure_one()

    def _sms_cn_receipt_url(self, gateway):
        """The address the gateway posts its delivery reports to."""
        self.ensure_one()
        # sudo: the address is shown to administrators only (settings field
        # restricted to base.group_system).
        token = self.sudo().sms_cn_receipt_token
        if not token:
            return False
        return f"{self.get_base_url()}/sms_cn/{gateway}/report/{token}"

    @api.model
    def _sms_cn_gateway_selection(self):
        """The Chinese gateways, for the fields naming one."""
        selection = self._fields["sms_cn_gateway"]._description_selection(self.env)
        return [(key, label) for key, label in selection if key != "iap"]
