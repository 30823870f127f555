import logging
import re
from contextlib import contextmanager
from unittest.mock import patch

CODE = re.compile(r"\b(\d{6})\b")


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


class MobileOtpCaseMixin:
    """Portal users reachable by mobile number and an SMS queue that records
    what it would send instead of calling a gateway."""

    @classmethod
    def _setup_mobile_users(cls):
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        portal = cls.env.ref("base.group_portal")
        cls.resident = Users.create(
            {
                "name": "Otp Resident",
                "login": "13800138000",
                "password": "otp_resident_pw_1",
                "mobile": "+86 138-0013-8000",
                "groups_id": [(6, 0, portal.ids)],
            }
        )
        cls.resident_by_login = Users.create(
            {
                "name": "Otp Login Resident",
                "login": "13900139000",
                "password": "otp_resident_pw_2",
                "groups_id": [(6, 0, portal.ids)],
            }
        )
        # Two residents whose logins are the same number, written two ways:
        # it signs neither in.
        for index, login in ((1, "13700137000"), (2, "+8613700137000")):
            Users.create(
                {
                    "name": f"Otp Shared {index}",
                    "login": login,
                    "groups_id": [(6, 0, portal.ids)],
                }
            )
        # A resident signing in by email, whose contact has a mobile number:
        # whoever may edit contacts could put their own number there.
        cls.resident_by_email = Users.create(
            {
                "name": "Otp Email Resident",
                "login": "otp_email_resident@example.com",
                "mobile": "13400134000",
                "groups_id": [(6, 0, portal.ids)],
            }
        )
        cls.employee = Users.create(
            {
                "name": "Otp Employee",
                "login": "13600136000",
                "groups_id": [(6, 0, cls.env.ref("base.group_user").ids)],
            }
        )

    def setUp(self):
        super().setUp()
        self.sent_sms = []
        sent = self.sent_sms

        def fake_send(
            records, unlink_failed=False, unlink_sent=True, raise_exception=False
        ):
            for sms in records:
                sent.append({"number": sms.number, "body": sms.body})
            records.write({"state": "sent"})
            if unlink_sent:
                records.unlink()

        patcher = patch.object(type(self.env["sms.sms"]), "_send", fake_send)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _last_code(self):
        self.assertTrue(self.sent_sms, "no SMS sent")
        return CODE.search(self.sent_sms[-1]["body"]).group(1)

    @contextmanager
    def _capture_logs(self):
        """Every log line of Odoo at INFO and above, kept out of the console."""
        handler = ListHandler()
        logger = logging.getLogger("odoo")
        level, propagate = logger.level, logger.propagate
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        try:
            yield handler.lines
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate
