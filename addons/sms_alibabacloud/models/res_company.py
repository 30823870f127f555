import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import const
from ..tools import AlibabaCloudSmsApi

ENDPOINT = re.compile(r"^(https?://)?[A-Za-z0-9.-]+(:\d{1,5})?$")


class ResCompany(models.Model):
    _inherit = "res.company"

    sms_cn_gateway = fields.Selection(
        selection_add=[(const.GATEWAY, "Alibaba Cloud SMS")],
        ondelete={const.GATEWAY: "set default"},
    )
    sms_alibabacloud_access_key_id = fields.Char(
        string="Alibaba Cloud AccessKey ID",
        groups="base.group_system",
        copy=False,
    )
    sms_alibabacloud_access_key_secret = fields.Char(
        string="Alibaba Cloud AccessKey Secret",
        groups="base.group_system",
        copy=False,
    )
    sms_alibabacloud_endpoint = fields.Char(
        string="Alibaba Cloud SMS Endpoint",
        groups="base.group_system",
        default=const.DEFAULT_ENDPOINT,
        help="Host of the SMS API (Dysmsapi), e.g. dysmsapi.aliyuncs.com.",
    )

    @api.constrains("sms_alibabacloud_endpoint")
    def _check_sms_alibabacloud_endpoint(self):
        for company in self:
            endpoint = company.sms_alibabacloud_endpoint
            if endpoint and not ENDPOINT.match(endpoint.strip()):
                raise ValidationError(
                    self.env._(
                        "The Alibaba Cloud SMS endpoint %(endpoint)s is not a host "
                        "name: enter e.g. dysmsapi.aliyuncs.com.",
                        endpoint=endpoint,
                    )
                )

    def _sms_cn_get_api_of(self, gateway):
        if gateway == const.GATEWAY:
            return AlibabaCloudSmsApi(self)
        return super()._sms_cn_get_api_of(gateway)
