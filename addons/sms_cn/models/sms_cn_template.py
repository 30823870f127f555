import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import GENERIC_MESSAGE_TYPE, GENERIC_PARAM

PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MESSAGE_TYPE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


class SmsCnTemplate(models.Model):
    _name = "sms.cn.template"
    _description = "Approved SMS Template (China)"
    _order = "company_id, gateway, message_type"
    _check_company_auto = True

    name = fields.Char(required=True, help="What the message says, for people.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    gateway = fields.Selection(
        selection="_selection_gateway",
        required=True,
        help="The gateway that approved the template.",
    )
    message_type = fields.Char(
        required=True,
        index=True,
        help="The key of the kind of message sent with this template, e.g. "
        "property.reminder.pre_due. Modules sending SMS name their keys; "
        "'generic' sends plain-text SMS as the parameter 'content'.",
    )
    template_code = fields.Char(
        required=True,
        help="The code of the approved template at the gateway, e.g. "
        "SMS_123456789 (Alibaba Cloud) or 1234567 (Tencent Cloud).",
    )
    param_names = fields.Char(
        string="Parameters",
        help="The template's variables in their order, separated by commas, e.g. "
        "name,amount,due_date. Gateways filling variables by position (Tencent "
        "Cloud: {1}, {2}...) take them in this order.",
    )
    sign_name = fields.Char(
        string="Signature",
        help="Another approved signature (签名) for this template; the company's "
        "when empty.",
    )
    content = fields.Text(
        string="Approved Text",
        help="The wording approved by the gateway, for reference.",
    )

    _sql_constraints = [
        (
            "message_type_unique",
            "unique(company_id, gateway, message_type)",
            "A company has one template per gateway and message type.",
        ),
    ]

    @api.model
    def _selection_gateway(self):
        return self.env["res.company"]._sms_cn_gateway_selection()

    @api.constrains("message_type", "param_names", "template_code")
    def _check_template(self):
        for template in self:
            names = template._get_param_names()
            if not MESSAGE_TYPE.match(template.message_type or ""):
                raise ValidationError(
                    self.env._(
                        "The message type %(type)s is not valid: use lowercase "
                        "letters, digits and underscores, in parts separated by "
                        "dots, e.g. property.reminder.pre_due.",
                        type=template.message_type,
                    )
                )
            bad = [name for name in names if not PARAM_NAME.match(name)]
            if bad:
                raise ValidationError(
                    self.env._(
                        "The parameter names %(names)s are not valid: use letters, "
                        "digits and underscores, starting with a letter.",
                        names=", ".join(bad),
                    )
                )
            if len(set(names)) != len(names):
                raise ValidationError(
                    self.env._(
                        "The template %(template)s names a parameter twice.",
                        template=template.name,
                    )
                )
            if template.message_type == GENERIC_MESSAGE_TYPE and names != [
                GENERIC_PARAM
            ]:
                raise ValidationError(
                    self.env._(
                        "A template of the type 'generic' sends plain-text SMS: "
                        "it has exactly one parameter, named 'content'."
                    )
                )
            if not (template.template_code or "").strip():
                raise ValidationError(self.env._("Enter the template code."))

    def _get_param_names(self):
        self.ensure_one()
        return [
            name.strip() for name in (self.param_names or "").split(",") if name.strip()
        ]

    def _render_params(self, values):
        """Return ``(params, missing)``: the template's parameters as a list of
        ``(name, text)`` pairs in its order, and the names without a value."""
        self.ensure_one()
        params, missing = [], []
        for name in self._get_param_names():
            value = values.get(name)
            if value is None or value is False or str(value).strip() == "":
                missing.append(name)
            else:
                params.append((name, str(value)))
        return params, missing
