import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import const
from ..tools import TencentCloudSmsApi

ENDPOINT = re.compile(r"^(https?://)?[A-Za-z0-9.-]+(:\d{1,5})?$")


class ResCompany(models.Model):
    _inherit = "res.company"

    sms_cn_gateway = fields.Selection(
        selection_add=[(const.GATEWAY, "Tencent Cloud SMS")],
        ondelete={const.GATEWAY: "set default"},
    )
    sms_tencentcloud_secret_id = fields.Char(
        string="Tencent Cloud SecretId", groups="base.group_system", copy=False
    )
    sms_tencentcloud_secret_key = fields.Char(
        string="Tencent Cloud SecretKey", groups="base.group_system", copy=False
    )
    sms_tencentcloud_sdk_app_id = fields.Char(
        string="Tencent Cloud SmsSdkAppId",
        groups="base.group_system",
        copy=False,
        help="The SDK AppID of the SMS application, e.g. 1400006666.",
    )
    sms_tencentcloud_region = fields.Selection(
        const.REGIONS,
        string="Tencent Cloud Region",
        groups="base.group_system",
        default=const.DEFAULT_REGION,
    )
    sms_tencentcloud_endpoint = fields.Char(
        string="Tencent Cloud SMS Endpoint",
        groups="base.group_system",
        default=const.DEFAULT_ENDPOINT,
        help="Host of the SMS API, e.g. sms.tencentcloudapi.com.",
    )

    @api.constrains("sms_tencentcloud_endpoint", "sms_tencentcloud_sdk_app_id")
    def _check_sms_tencentcloud(self):
        for company in self:
            endpoint = company.sms_tencentcloud_endpoint
            if endpoint and not ENDPOINT.match(endpoint.strip()):
                raise ValidationError(
                    self.env._(
                        "The Tencent Cloud SMS endpoint %(endpoint)s is not a host "
                        "name: enter e.g. sms.tencentcloudapi.com.",
                        endpoint=endpoint,
                    )
                )
            app_id = company.sms_tencentcloud_sdk_app_id
            if app_id and not app_id.strip().isdigit():
                raise ValidationError(
                    self.env._(
                        "The SmsSdkAppId %(app_id)s is not valid: it is a number, "
                        "e.g. 1400006666.",
                        app_id=app_id,
                    )
                )

    def _sms_cn_get_api_of(self, gateway):
        if gateway == const.GATEWAY:
            return TencentCloudSmsApi(self)
        return super()._sms_cn_get_api_of(gateway)
