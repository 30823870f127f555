import json
import logging

from odoo import http
from odoo.http import request

from odoo.addons.sms_cn.controllers.main import SmsCnReportController

from .. import const

_logger = logging.getLogger(__name__)


class TencentCloudSmsController(SmsCnReportController):
    @http.route(
        f"/sms_cn/{const.GATEWAY}/report/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def sms_tencentcloud_report(self, token, **kwargs):
        """Status callback (短信下发状态回调): a JSON array of delivery reports.

        Tencent Cloud does not sign the callback: the secret token of the
        address is checked first, then each report must match an SMS the
        company sent (SerialNo and number)."""
        company = self._sms_cn_get_company(const.GATEWAY, token)
        if company is None:
            return self._sms_tencentcloud_answer(403, 1, "unknown address")
        sms_api = self._sms_cn_get_api(company, const.GATEWAY)
        items = self._sms_cn_read_json()
        if sms_api is None or not isinstance(items, list):
            if sms_api is not None and items is not None:
                _logger.warning(
                    "Ignored a Tencent Cloud status callback that is not a list."
                )
            # A success answer: Tencent Cloud would post the same body again.
            return self._sms_tencentcloud_answer(200, 0, "ignored")
        reports = [report for report in map(sms_api._parse_report, items) if report]
        # sudo: the address's secret token was checked above; the reports only
        # update SMS of that company sent through this gateway.
        request.env["sms.sms"].sudo()._sms_cn_process_delivery_reports(sms_api, reports)
        return self._sms_tencentcloud_answer(200, 0, "OK")

    @staticmethod
    def _sms_tencentcloud_answer(status, result, message):
        return request.make_response(
            json.dumps({"result": result, "errmsg": message}),
            headers=[("Content-Type", "application/json; charset=utf-8")],
            status=status,
        )
