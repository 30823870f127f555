import json
import logging
from collections import defaultdict

from odoo import api, fields, models

from ..const import (
    FAILURE_ACCOUNT,
    FAILURE_NUMBER,
    FAILURE_NUMBER_MISSING,
    FAILURE_TEMPLATE,
    GENERIC_MESSAGE_TYPE,
    GENERIC_PARAM,
    MAX_RETRIES,
    REPORT_FETCH_LIMIT,
    REPORT_MAX_AGE,
    REPORT_WAIT,
    RETRY_DELAYS,
)
from ..tools.sms_cn_api import SmsCnGatewayError

_logger = logging.getLogger(__name__)


class SmsSms(models.Model):
    _inherit = "sms.sms"

    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
        help="Whose gateway sends the SMS: the company of the record it is about, "
        "else of the recipient, else the current one.",
    )
    failure_type = fields.Selection(
        selection_add=[
            # Delivery report errors, as on notifications.
            ("sms_expired", "Expired"),
            ("sms_invalid_destination", "Invalid Destination"),
            ("sms_not_allowed", "Not Allowed"),
            ("sms_not_delivered", "Not Delivered"),
            ("sms_rejected", "Rejected"),
        ]
    )
    cn_message_type = fields.Char(
        string="Message Type",
        readonly=True,
        help="Which approved template sends it through a Chinese gateway, e.g. "
        "property.reminder.pre_due. Without one, the SMS goes as the 'generic' "
        "template if the company has one, and is refused otherwise.",
    )
    cn_params = fields.Json(
        string="Template Parameters",
        readonly=True,
        help="The values of the template's parameters, by name.",
    )
    cn_params_text = fields.Text(string="Parameters", compute="_compute_cn_params_text")
    cn_gateway = fields.Selection(
        selection="_selection_cn_gateway", string="Gateway", readonly=True, copy=False
    )
    cn_template_id = fields.Many2one(
        "sms.cn.template",
        string="Approved Template",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    cn_msgid = fields.Char(
        string="Gateway Message ID",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The gateway's ID of the sent message (Alibaba Cloud BizId, Tencent "
        "Cloud SerialNo), which its delivery reports give back.",
    )
    cn_sent_date = fields.Datetime(string="Accepted On", readonly=True, copy=False)
    cn_report_date = fields.Datetime(
        string="Delivery Report On", readonly=True, copy=False
    )
    cn_retry_count = fields.Integer(string="Retries", readonly=True, copy=False)
    cn_next_try_date = fields.Datetime(string="Next Try", readonly=True, copy=False)
    cn_error_code = fields.Char(string="Gateway Error", readonly=True, copy=False)
    cn_failure_reason = fields.Text(string="Failure Reason", readonly=True, copy=False)

    @api.model
    def _selection_cn_gateway(self):
        return self.env["res.company"]._sms_cn_gateway_selection()

    @api.depends("cn_params")
    def _compute_cn_params_text(self):
        for sms in self:
            sms.cn_params_text = (
                json.dumps(sms.cn_params, ensure_ascii=False, indent=1)
                if sms.cn_params
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        # ``mail.thread._notify_thread_by_sms`` passes the message type and its
        # parameters given to ``_message_sms`` through this context key.
        cn_values = self.env.context.get("sms_cn_values") or {}
        for vals in vals_list:
            for key, value in cn_values.items():
                vals.setdefault(key, value)
            if not vals.get("company_id"):
                company = self._sms_cn_guess_company(vals)
                if company:
                    vals["company_id"] = company.id
        return super().create(vals_list)

    @api.model
    def _sms_cn_guess_company(self, vals):
        """The company of the record the SMS is about, else of its recipient."""
        # sudo: the ORM checked the right to create SMS (administrators, or
        # Odoo's notification code in sudo); only the company is read.
        env = self.sudo().env
        message = env["mail.message"].browse(vals.get("mail_message_id")).exists()
        if message.model and message.res_id and message.model in env:
            record = env[message.model].browse(message.res_id).exists()
            if "company_id" in record._fields and record.company_id:
                return record.company_id[:1]
        partner = env["res.partner"].browse(vals.get("partner_id")).exists()
        return partner.company_id

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_set_outgoing(self):
        self._sms_cn_reset()
        return super().action_set_outgoing()

    def resend_failed(self):
        self.filtered(lambda sms: sms.state == "error")._sms_cn_reset()
        return super().resend_failed()

    def _sms_cn_reset(self):
        self.write(
            {
                "cn_retry_count": 0,
                "cn_next_try_date": False,
                "cn_error_code": False,
                "cn_failure_reason": False,
                "cn_msgid": False,
                "cn_sent_date": False,
                "cn_report_date": False,
            }
        )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    @api.model
    def _process_queue(self, ids=None):
        """Leave SMS waiting for their next try in the queue until it is time."""
        due = self.search(
            [
                ("state", "=", "outgoing"),
                ("to_delete", "!=", True),
                "|",
                ("cn_next_try_date", "=", False),
                ("cn_next_try_date", "<=", fields.Datetime.now()),
            ],
            limit=10000,
        ).ids
        if ids:
            due = sorted(set(due) & set(ids))
        if not due:
            return None
        return super()._process_queue(ids=due)

    def _split_by_api(self):
        """Yield ``(api, sms)``: the SMS of each Chinese gateway with its API,
        and those going through Odoo IAP with None."""
        iap_sms = self.browse()
        companies = self.grouped(lambda sms: sms.company_id or self.env.company)
        for company, sms in companies.items():
            sms_api = company._sms_cn_get_api()
            if sms_api is None:
                iap_sms |= sms
            else:
                yield sms_api, sms
        if iap_sms:
            yield None, iap_sms

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        res = None
        for sms_api, sms in self._split_by_api():
            if sms_api is None:
                res = super(SmsSms, sms)._send(
                    unlink_failed=unlink_failed,
                    unlink_sent=unlink_sent,
                    raise_exception=raise_exception,
                )
            else:
                sms._sms_cn_send(
                    sms_api,
                    unlink_failed=unlink_failed,
                    raise_exception=raise_exception,
                )
        return res

    def _sms_cn_send(self, sms_api, unlink_failed=False, raise_exception=False):
        """Send through a Chinese gateway: the approved template of each SMS's
        message type with its parameters; refuse those without one."""
        # sudo: ``send`` runs on SMS the caller could read (administrators'
        # records); as Odoo's ``_send``, it updates them and their notifications.
        sms_sudo = self.sudo().with_context(sms_skip_msg_notification=True)
        messages = sms_sudo._sms_cn_prepare_messages(sms_api)
        if messages:
            try:
                results = sms_api._send_sms_batch(messages)
            except Exception as error:
                _logger.info(
                    "Sending %s SMS %s through %s failed: %s",
                    len(messages),
                    sms_sudo.ids,
                    sms_api.gateway,
                    error,
                )
                if raise_exception:
                    raise
                results = sms_sudo._sms_cn_results_of_error(sms_api, messages, error)
            else:
                _logger.info(
                    "Sent %s SMS %s through %s: %s accepted",
                    len(messages),
                    sms_sudo.ids,
                    sms_api.gateway,
                    sum(result["state"] == "success" for result in results),
                )
            uuids = {message["uuid"] for message in messages}
            sms_sudo.filtered(lambda sms: sms.uuid in uuids)._sms_cn_apply_results(
                sms_api, results, unlink_failed=unlink_failed
            )
        sms_sudo.mail_message_id._notify_message_notification_update()

    def _sms_cn_prepare_messages(self, sms_api):
        """Return the messages to give the gateway; put the SMS that cannot be
        sent in error, with the reason."""
        company = sms_api.company
        problem = sms_api._check_configuration()
        if problem:
            self._sms_cn_set_error(FAILURE_ACCOUNT, problem, gateway=sms_api.gateway)
            return []
        types = {sms.cn_message_type or GENERIC_MESSAGE_TYPE for sms in self}
        templates = self.env["sms.cn.template"].search(
            [
                ("company_id", "=", company.id),
                ("gateway", "=", sms_api.gateway),
                ("message_type", "in", list(types)),
            ]
        )
        template_by_type = {template.message_type: template for template in templates}
        gateway = dict(self._fields["cn_gateway"]._description_selection(self.env))[
            sms_api.gateway
        ]
        messages = []
        sms_by_template = defaultdict(lambda: self.browse())
        for sms in self:
            template = template_by_type.get(sms.cn_message_type or GENERIC_MESSAGE_TYPE)
            number = sms_api._format_number(sms.number)
            failure_type, reason = sms._sms_cn_check(template, number, gateway, company)
            if reason:
                sms._sms_cn_set_error(failure_type, reason, gateway=sms_api.gateway)
                continue
            params, __ = template._render_params(sms._sms_cn_get_values())
            sms_by_template[template] |= sms
            messages.append(
                {
                    "uuid": sms.uuid,
                    "number": number,
                    "template_code": template.template_code.strip(),
                    "sign_name": (template.sign_name or company.sms_cn_sign_name or "")
                    .strip()
                    .strip("【】[]"),
                    "params": params,
                }
            )
        for template, records in sms_by_template.items():
            records.write(
                {"cn_template_id": template.id, "cn_gateway": sms_api.gateway}
            )
        return messages

    def _sms_cn_get_values(self):
        self.ensure_one()
        if not self.cn_message_type:
            return {GENERIC_PARAM: self.body}
        return self.cn_params if isinstance(self.cn_params, dict) else {}

    def _sms_cn_check(self, template, number, gateway, company):
        """Return ``(failure type, reason)`` if the SMS cannot be sent."""
        self.ensure_one()
        if not self.number:
            return FAILURE_NUMBER_MISSING, self.env._("The SMS has no number.")
        if not number:
            return FAILURE_NUMBER, self.env._(
                "%(number)s is not a mobile number %(gateway)s can send to.",
                number=self.number,
                gateway=gateway,
            )
        if not template and self.cn_message_type:
            return FAILURE_TEMPLATE, self.env._(
                "No approved template for the message type %(type)s on "
                "%(gateway)s for %(company)s: the SMS was not sent. Add one in "
                "Settings > Technical > Phone / SMS > Approved Templates (China), "
                "then retry the SMS.",
                type=self.cn_message_type,
                gateway=gateway,
                company=company.name,
            )
        if not template:
            return FAILURE_TEMPLATE, self.env._(
                "Carriers in China refuse free text: this SMS has no message type "
                "and %(company)s has no approved template for the type 'generic' "
                "(one parameter, 'content') on %(gateway)s. The SMS was not sent.",
                company=company.name,
                gateway=gateway,
            )
        if not (template.sign_name or company.sms_cn_sign_name or "").strip():
            return FAILURE_TEMPLATE, self.env._(
                "%(company)s has no SMS signature (签名) for %(gateway)s: enter the "
                "approved one in Settings > SMS Gateway. The SMS was not sent.",
                company=company.name,
                gateway=gateway,
            )
        if self.cn_message_type and not isinstance(self.cn_params, dict | None):
            return FAILURE_TEMPLATE, self.env._(
                "The parameters of the SMS are not a set of names and values."
            )
        __, missing = template._render_params(self._sms_cn_get_values())
        if missing:
            return FAILURE_TEMPLATE, self.env._(
                "The template %(code)s of the message type %(type)s needs the "
                "parameters %(missing)s, which the SMS does not give: it was not "
                "sent.",
                code=template.template_code,
                type=template.message_type,
                missing=", ".join(missing),
            )
        return False, False

    def _sms_cn_results_of_error(self, sms_api, messages, error):
        """The result of each message when the whole request failed."""
        if isinstance(error, SmsCnGatewayError):
            code, message = error.code, error.message
        else:
            # Network errors, timeouts, unreadable answers: try again later.
            code, message = type(error).__name__, str(error)
        return [
            {
                "uuid": msg["uuid"],
                "state": "error",
                "code": code,
                "message": message,
                "retry": error.retry if isinstance(error, SmsCnGatewayError) else True,
            }
            for msg in messages
        ]

    def _sms_cn_apply_results(self, sms_api, results, unlink_failed=False):
        now = fields.Datetime.now()
        result_by_uuid = {result["uuid"]: result for result in results}
        vals_by_key = {}
        sms_by_key = defaultdict(lambda: self.browse())
        next_tries = []
        for sms in self:
            result = result_by_uuid.get(sms.uuid) or {
                "state": "error",
                "code": "NoResult",
                "message": self.env._("The gateway gave no result for this SMS."),
                "retry": True,
            }
            code, text = result.get("code"), result.get("message") or ""
            if result["state"] == "success":
                vals = {
                    "state": "pending",
                    "failure_type": False,
                    "cn_msgid": result.get("msgid") or False,
                    "cn_sent_date": now,
                    "cn_next_try_date": False,
                    "cn_error_code": False,
                    "cn_failure_reason": False,
                }
            elif (
                result.get("retry", sms_api._is_retryable(code))
                and sms.cn_retry_count < MAX_RETRIES
            ):
                next_try = now + RETRY_DELAYS[min(sms.cn_retry_count, MAX_RETRIES - 1)]
                next_tries.append(next_try)
                vals = {
                    "state": "outgoing",
                    "cn_retry_count": sms.cn_retry_count + 1,
                    "cn_next_try_date": next_try,
                    "cn_error_code": code,
                    "cn_failure_reason": self.env._(
                        "%(code)s: %(message)s. Attempt %(attempt)s of %(total)s "
                        "failed; the SMS will be sent again at %(date)s (UTC).",
                        code=code,
                        message=text,
                        attempt=sms.cn_retry_count + 1,
                        total=MAX_RETRIES + 1,
                        date=fields.Datetime.to_string(next_try),
                    ),
                }
            else:
                vals = {
                    "state": "error",
                    "failure_type": sms_api._get_failure_type(code),
                    "cn_error_code": code,
                    "cn_next_try_date": False,
                    "cn_failure_reason": f"{code}: {text}" if text else code,
                }
                if unlink_failed:
                    vals["to_delete"] = True
            key = tuple(sorted(vals.items()))
            vals_by_key[key] = vals
            sms_by_key[key] |= sms
        for key, vals in vals_by_key.items():
            records = sms_by_key[key]
            records.write(vals)
            if vals["state"] != "outgoing":
                records.sms_tracker_id._action_update_from_sms_state(
                    vals["state"],
                    failure_type=vals.get("failure_type") or False,
                    failure_reason=vals.get("cn_failure_reason") or False,
                )
        if next_tries:
            cron = self.env.ref("sms.ir_cron_sms_scheduler_action", False)
            if cron:
                cron._trigger(at=min(next_tries))

    def _sms_cn_set_error(self, failure_type, reason, gateway=False):
        """Refuse SMS before sending, with the reason on them and their
        notifications."""
        vals = {
            "state": "error",
            "failure_type": failure_type,
            "cn_failure_reason": reason,
            "cn_error_code": False,
            "cn_next_try_date": False,
        }
        if gateway:
            vals["cn_gateway"] = gateway
        self.write(vals)
        self.sms_tracker_id._action_update_from_sms_state(
            "error", failure_type=failure_type, failure_reason=reason
        )

    # ------------------------------------------------------------------
    # Delivery reports
    # ------------------------------------------------------------------
    @api.model
    def _sms_cn_process_delivery_reports(self, sms_api, reports, log_unknown=True):
        """Update SMS from their delivery reports: ``reports`` is a list of dicts
        with the keys ``msgid`` (the gateway's message ID), ``number``,
        ``delivered`` (bool), ``code`` and ``message`` (the carrier's status),
        optionally ``uuid`` (the SMS's, when the gateway gives it back).

        A report of an SMS already settled changes nothing; a report matching no
        SMS sent by this gateway for this company is ignored (and logged).
        Return the SMS updated."""
        msgids = {str(report.get("msgid") or "") for report in reports} - {""}
        candidates = self.search(
            [
                ("company_id", "=", sms_api.company.id),
                ("cn_gateway", "=", sms_api.gateway),
                ("cn_msgid", "in", list(msgids)),
            ]
        )
        by_key = defaultdict(lambda: self.browse())
        for sms in candidates:
            by_key[sms.cn_msgid, sms_api._format_number(sms.number)] |= sms
        delivered, failed = self.browse(), defaultdict(lambda: self.browse())
        for report in reports:
            number = sms_api._format_number(report.get("number"))
            matches = by_key.get((str(report.get("msgid") or ""), number))
            if matches and report.get("uuid"):
                matches = matches.filtered(lambda sms, r=report: sms.uuid == r["uuid"])
            if not matches:
                if log_unknown:
                    _logger.warning(
                        "Ignored a delivery report of %s for company %s: no SMS sent "
                        "with the message ID %r to that number.",
                        sms_api.gateway,
                        sms_api.company.id,
                        report.get("msgid"),
                    )
                continue
            # A report of an SMS already settled (repeated, or late) changes nothing.
            matches = matches.filtered(
                lambda sms: sms.state == "pending" and not sms.cn_report_date
            )
            if report.get("delivered"):
                delivered |= matches
            else:
                code = report.get("code") or "UNKNOWN"
                text = report.get("message") or ""
                failed[code, text] |= matches
        now = fields.Datetime.now()
        if delivered:
            delivered = delivered.with_context(sms_skip_msg_notification=True)
            delivered.write(
                {
                    "state": "sent",
                    "failure_type": False,
                    "cn_report_date": now,
                    "to_delete": True,
                }
            )
            delivered.sms_tracker_id._action_update_from_sms_state("sent")
        for (code, text), records in failed.items():
            records = records.with_context(sms_skip_msg_notification=True)
            failure_type = sms_api._get_report_failure_type(code)
            reason = f"{code}: {text}" if text else code
            records.write(
                {
                    "state": "error",
                    "failure_type": failure_type,
                    "cn_error_code": code,
                    "cn_failure_reason": reason,
                    "cn_report_date": now,
                }
            )
            trackers = records.sms_tracker_id
            trackers._action_update_from_provider_error(
                failure_type.removeprefix("sms_")
            )
            trackers.mail_notification_id.filtered(
                lambda notif: (
                    notif.notification_status in ("exception", "bounce")
                    and not notif.failure_reason
                )
            ).failure_reason = reason
        updated = self.browse(
            delivered.ids + [sms.id for records in failed.values() for sms in records]
        )
        updated.mail_message_id._notify_message_notification_update()
        return updated

    @api.model
    def _cron_sms_cn_fetch_delivery_reports(self):
        """Ask the gateways for the reports of SMS still waiting for theirs."""
        now = fields.Datetime.now()
        domain = [
            ("cn_gateway", "!=", False),
            ("state", "=", "pending"),
            ("cn_msgid", "!=", False),
            ("cn_sent_date", "<=", now - REPORT_WAIT),
            ("cn_sent_date", ">=", now - REPORT_MAX_AGE),
        ]
        groups = self._read_group(domain, ["company_id", "cn_gateway"])
        for company, gateway in groups:
            sms_api = company._sms_cn_get_api_of(gateway)
            if sms_api is None or sms_api._check_configuration():
                continue
            waiting = self.search(
                [
                    *domain,
                    ("company_id", "=", company.id),
                    ("cn_gateway", "=", gateway),
                ],
                order="cn_sent_date",
                limit=REPORT_FETCH_LIMIT,
            )
            try:
                reports = sms_api._fetch_delivery_reports(waiting)
            except Exception as error:  # noqa: BLE001 - the next run tries again
                _logger.warning(
                    "Fetching delivery reports from %s for company %s failed: %s",
                    gateway,
                    company.id,
                    error,
                )
                continue
            self._sms_cn_process_delivery_reports(sms_api, reports, log_unknown=False)
