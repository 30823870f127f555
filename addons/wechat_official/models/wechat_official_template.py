import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..exceptions import RECIPIENT_REFUSED_ERRCODES, WechatRecipientRefused

_logger = logging.getLogger(__name__)


class WechatOfficialTemplate(models.Model):
    """A template message approved for the official account, for one type of
    message sent by the suite's modules."""

    _name = "wechat.official.template"
    _description = "WeChat Template Message"
    _order = "company_id, message_type"
    _rec_name = "message_type"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    message_type = fields.Char(
        required=True,
        help="The type of message sent with this template, e.g. "
        "property.reminder.pre_due.",
    )
    template_id = fields.Char(
        string="Template ID", required=True, help="The template ID (模板ID) in WeChat."
    )
    field_mapping = fields.Text(
        help="One line per template data key: key=parameter, e.g. "
        "thing1=community or amount2=amount.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "message_type_company_uniq",
            "unique(company_id, message_type)",
            "A message type has one template per company.",
        )
    ]

    @api.constrains("field_mapping")
    def _check_field_mapping(self):
        for template in self:
            template._mapping()

    def _mapping(self):
        """The field mapping as a dict: template data key → parameter name."""
        self.ensure_one()
        mapping = {}
        for line in (self.field_mapping or "").splitlines():
            if not line.strip():
                continue
            key, sep, param = line.partition("=")
            if not (sep and key.strip() and param.strip()):
                raise ValidationError(
                    self.env._(
                        "Each line of the field mapping is key=parameter, not "
                        "“%(line)s”.",
                        line=line,
                    )
                )
            mapping[key.strip()] = param.strip()
        return mapping

    @api.model
    def _find(self, message_type, company):
        return self.search(
            [("company_id", "=", company.id), ("message_type", "=", message_type)],
            limit=1,
        )

    @api.model
    def _send_template_message(
        self, partner, message_type, params, url=None, company=None
    ):
        """Send the template message of ``message_type`` to ``partner``'s
        WeChat, filled with ``params`` through the template's mapping; return
        WeChat's msgid. Raise a UserError when it cannot be sent, a
        ``WechatRecipientRefused`` when WeChat refuses this follower for good
        (unfollowed, invalid openid: do not retry). The account
        is ``company``'s, else the partner's company's, else the current one."""
        company = company or partner.company_id or self.env.company
        template = self._find(message_type, company)
        if not template:
            raise UserError(
                self.env._(
                    "No WeChat template for the message type %(type)s.",
                    type=message_type,
                )
            )
        # sudo: the openid is read by the server only, to address the message.
        openid = partner.sudo().wechat_openid
        if not openid:
            raise UserError(
                self.env._(
                    "%(partner)s has not bound WeChat.", partner=partner.display_name
                )
            )
        params = params or {}
        data = {
            key: {"value": str(params.get(param, ""))}
            for key, param in template._mapping().items()
        }
        payload = {"touser": openid, "template_id": template.template_id, "data": data}
        if url:
            payload["url"] = url
        result = company._wechat_call_with_token(
            "/cgi-bin/message/template/send", payload
        )
        errcode = result.get("errcode") or 0
        if errcode:
            _logger.info(
                "WeChat template %s to partner %s refused: %s %s",
                message_type,
                partner.id,
                errcode,
                result.get("errmsg"),
            )
            if errcode in RECIPIENT_REFUSED_ERRCODES:
                raise WechatRecipientRefused(
                    self.env._(
                        "WeChat refuses messages to %(partner)s (they may have "
                        "unfollowed the official account): %(errcode)s %(errmsg)s",
                        partner=partner.display_name,
                        errcode=errcode,
                        errmsg=result.get("errmsg"),
                    )
                )
            raise UserError(
                self.env._(
                    "WeChat refused the message: %(errcode)s %(errmsg)s",
                    errcode=errcode,
                    errmsg=result.get("errmsg"),
                )
            )
        _logger.info(
            "WeChat template %s sent to partner %s (msgid %s)",
            message_type,
            partner.id,
            result.get("msgid"),
        )
        return result.get("msgid")
