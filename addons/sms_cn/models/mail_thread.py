from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _notify_thread_by_sms(
        self,
        message,
        recipients_data,
        msg_vals=False,
        sms_cn_message_type=None,
        sms_cn_params=None,
        **kwargs,
    ):
        """Give the SMS the message type and template parameters passed to
        ``_message_sms`` / ``message_post`` as ``sms_cn_message_type`` and
        ``sms_cn_params`` (a dict of values by parameter name)."""
        thread = self
        if sms_cn_message_type or sms_cn_params:
            thread = self.with_context(
                sms_cn_values={
                    "cn_message_type": sms_cn_message_type or False,
                    "cn_params": sms_cn_params or False,
                }
            )
        return super(MailThread, thread)._notify_thread_by_sms(
            message, recipients_data, msg_vals=msg_vals, **kwargs
        )

    def _get_notify_valid_parameters(self):
        return super()._get_notify_valid_parameters() | {
            "sms_cn_message_type",
            "sms_cn_params",
        }
