from odoo import models

from odoo.addons.sms_cn.const import GENERIC_MESSAGE_TYPE


class PropertyNotification(models.Model):
    _inherit = "property.notification"

    def _check_sms(self):
        """Through a Chinese gateway, an SMS goes only as an approved template:
        without one for the message's type (or a generic one), the next
        channel is tried."""
        reason = super()._check_sms()
        company = self.company_id
        if reason or company.sms_cn_gateway == "iap":
            return reason
        has_template = self._sms_cn_has_template(
            [self.kind or "", GENERIC_MESSAGE_TYPE], company.sms_cn_gateway
        )
        if not has_template:
            return self.env._(
                "No approved SMS template for messages of type %(kind)s.",
                kind=self.kind or "-",
            )
        return None

    def _sms_post_values(self):
        return {
            **super()._sms_post_values(),
            **self._sms_cn_template_values("sms_cn_message_type", "sms_cn_params"),
        }

    def _sms_values(self):
        return {
            **super()._sms_values(),
            **self._sms_cn_template_values("cn_message_type", "cn_params"),
        }

    def _sms_cn_template_values(self, type_key, params_key):
        """The message's type and parameters, when the company has an approved
        template for that type; otherwise the text goes as a generic SMS."""
        typed = self.kind and self._sms_cn_has_template([self.kind])
        if not typed:
            return {}
        return {type_key: self.kind, params_key: self.params or {}}

    def _sms_cn_has_template(self, message_types, gateway=None):
        """Whether the company has an approved template of one of these
        message types (on ``gateway`` when given)."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("message_type", "in", message_types),
        ]
        if gateway:
            domain.append(("gateway", "=", gateway))
        # sudo: a yes or no only; templates are configuration that property
        # staff do not read.
        Template = self.env["sms.cn.template"].sudo()
        return bool(Template.search_count(domain, limit=1))
