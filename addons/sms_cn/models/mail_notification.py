from odoo import models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def format_failure_reason(self):
        """Give the reason of an SMS failure after its type (a refused template,
        the gateway's error code and message)."""
        reason = super().format_failure_reason()
        if (
            self.notification_type == "sms"
            and self.failure_type != "unknown"
            and self.failure_reason
        ):
            return self.env._(
                "%(type)s: %(reason)s", type=reason, reason=self.failure_reason
            )
        return reason
