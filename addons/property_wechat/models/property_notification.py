from urllib.parse import urljoin

from odoo import models

from odoo.addons.property_base.exceptions import ChannelRefused
from odoo.addons.wechat_official.exceptions import WechatRecipientRefused


class PropertyNotification(models.Model):
    _inherit = "property.notification"

    def _wechat_template(self):
        return self.env["wechat.official.template"]._find(self.kind, self.company_id)

    def _check_wechat(self):
        if not self.partner_id.wechat_bound:
            return self.env._(
                "%(resident)s has not bound WeChat.",
                resident=self.partner_id.display_name,
            )
        if not (self.kind and self._wechat_template()):
            return self.env._(
                "No WeChat template for the message type %(type)s in %(company)s.",
                type=self.kind or "-",
                company=self.company_id.display_name,
            )
        return None

    def _wechat_url(self):
        """The absolute link to the resident's portal page of the record."""
        record = self._record()
        path = "/my"
        if record and hasattr(record, "get_portal_url"):
            path = record.get_portal_url() or path
        return urljoin(self.company_id.get_base_url(), path)

    def _send_by_wechat(self):
        # ``params`` is added to the notifications by property_base; read it
        # defensively until every installed version has it.
        params = getattr(self, "params", None) or {}
        try:
            self.env["wechat.official.template"]._send_template_message(
                self.partner_id,
                self.kind,
                params,
                url=self._wechat_url(),
                company=self.company_id,
            )
        except WechatRecipientRefused as error:
            # Unfollowed or invalid openid: the next channel, not a retry.
            raise ChannelRefused(str(error)) from error
