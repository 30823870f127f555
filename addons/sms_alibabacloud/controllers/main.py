import json
import logging

from odoo import http
from odoo.http import request

from odoo.addons.sms_cn.controllers.main import SmsCnReportController

from .. import const

_logger = logging.getLogger(__name__)


class AlibabaCloudSmsController(SmsCnReportController):
    @http.route(
        f"/sms_cn/{const.GATEWAY}/report/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def sms_alibabacloud_report(self, token, **kwargs):
        """SmsReport HTTP push: a JSON array of delivery reports.

        Alibaba Cloud does not sign the push: the secret token of the address
        is checked first, then each report must match an SMS the company sent
        (BizId, number and OutId)."""
        company = self._sms_cn_get_company(const.GATEWAY, token)
        if company is None:
            return self._sms_alibabacloud_answer(403, "unknown address")
        sms_api = self._sms_cn_get_api(company, const.GATEWAY)
        items = self._sms_cn_read_json()
        if sms_api is None or not isinstance(items, list):
            if sms_api is not None and items is not None:
                _logger.warning(
                    "Ignored an Alibaba Cloud SmsReport that is not a list."
                )
            # A 200 answer: Alibaba Cloud would push the same body again.
            return self._sms_alibabacloud_answer(200, "ignored")
        reports = [report for report in map(sms_api._parse_report, items) if report]
        # sudo: the address's secret token was checked above; the reports only
        # update SMS of that company sent through this gateway.
        request.env["sms.sms"].sudo()._sms_cn_process_delivery_reports(sms_api, reports)
        return self._sms_alibabacloud_answer(200, "接收成功")

    @staticmethod
    def _sms_alibabacloud_answer(status, message):
        code = 0 if status == 200 else 1
        return request.make_response(
            json.dumps({"code": code, "msg": message}, ensure_ascii=False),
            headers=[("Content-Type", "application/json; charset=utf-8")],
            status=status,
        )
