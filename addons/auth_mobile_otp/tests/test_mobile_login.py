from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..models import auth_mobile_otp
from ..tools import normalize_mobile
from .common import MobileOtpCaseMixin


@tagged("post_install", "-at_install")
class TestMobileLogin(MobileOtpCaseMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_mobile_users()
        cls.Otp = cls.env["auth.mobile.otp"]

    def test_normalize(self):
        for typed in (
            "13800138000",
            "+86 138-0013-8000",
            "0086 138 0013 8000",
            "86-13800138000",
            "(138) 0013.8000",
            "１３８００１３８０００",
        ):
            self.assertEqual(normalize_mobile(typed), "13800138000", typed)
        self.assertEqual(normalize_mobile("+852 9123 4567"), "+85291234567")
        self.assertEqual(normalize_mobile("00852 9123 4567"), "+85291234567")
        for bad in (None, False, "", "12345", "23800138000", "abc", "+0123"):
            self.assertIsNone(normalize_mobile(bad), bad)
        with self.assertRaisesRegex(UserError, "valid mobile number"):
            self.Otp._request_code("12345")

    def test_find_user(self):
        Users = self.env["res.users"]
        self.assertEqual(Users._mobile_otp_find_user("13800138000"), self.resident)
        self.assertEqual(
            Users._mobile_otp_find_user("13900139000"), self.resident_by_login
        )
        # Ambiguous, internal and unknown numbers find nobody, nor does a
        # number on a contact that is not the user's login.
        self.assertFalse(Users._mobile_otp_find_user("13700137000"))
        self.assertFalse(Users._mobile_otp_find_user("13400134000"))
        self.assertFalse(Users._mobile_otp_find_user("13600136000"))
        self.assertFalse(Users._mobile_otp_find_user("13500135000"))
        self.resident.active = False
        self.assertFalse(Users._mobile_otp_find_user("13800138000"))

    def test_code_sent_and_stored_hashed(self):
        with self._capture_logs() as lines:
            self.Otp._request_code("+86 138 0013 8000", "10.0.0.1")
        self.assertEqual(len(self.sent_sms), 1)
        self.assertEqual(self.sent_sms[0]["number"], "+8613800138000")
        code = self._last_code()
        otp = self.Otp.search([("mobile", "=", "13800138000")])
        self.assertEqual(len(otp), 1)
        self.assertEqual(otp.user_id, self.resident)
        self.assertEqual(otp.ip_address, "10.0.0.1")
        self.assertNotIn(code, otp.code_hash)
        self.assertEqual(otp.code_hash, self.Otp._hash_code("13800138000", code))
        self.assertLessEqual(
            otp.expiration, fields.Datetime.now() + timedelta(minutes=5)
        )
        # The SMS (the code in clear) is gone from the database.
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM sms_sms WHERE body LIKE %s", [f"%{code}%"]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute(
            "SELECT count(*) FROM auth_mobile_otp WHERE code_hash LIKE %s OR "
            "mobile LIKE %s",
            [f"%{code}%", f"%{code}%"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        with self._capture_logs() as verify_lines:
            user = self.Otp._verify_code("13800138000", code)
        self.assertEqual(user, self.resident)
        for line in lines + verify_lines:
            self.assertNotIn(code, line)

    def test_sms_left_by_a_failing_gateway_is_deleted(self):
        def failing_send(records, **kwargs):
            records.write({"state": "error", "failure_type": "sms_server"})
            raise ConnectionError("gateway down")

        with patch.object(type(self.env["sms.sms"]), "_send", failing_send):
            self.Otp._request_code("13800138000")
        self.assertFalse(
            self.env["sms.sms"].search([("number", "=", "+8613800138000")])
        )

    def test_right_code_signs_in_once(self):
        self.Otp._request_code("13800138000")
        code = self._last_code()
        self.assertEqual(self.Otp._verify_code("138 0013 8000", code), self.resident)
        with self.assertRaisesRegex(UserError, "already been used"):
            self.Otp._verify_code("13800138000", code)

    def test_wrong_code_then_dead(self):
        self.Otp._request_code("13800138000")
        code = self._last_code()
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        for left in range(auth_mobile_otp.MAX_ATTEMPTS - 1, 0, -1):
            with self.assertRaisesRegex(UserError, f"try {left} more times"):
                self.Otp._verify_code("13800138000", wrong)
        with self.assertRaisesRegex(UserError, "Too many wrong codes"):
            self.Otp._verify_code("13800138000", wrong)
        # Dead: even the right code is refused now.
        with self.assertRaisesRegex(UserError, "Too many wrong codes"):
            self.Otp._verify_code("13800138000", code)

    def test_expired_code(self):
        self.Otp._request_code("13800138000")
        code = self._last_code()
        later = fields.Datetime.now() + timedelta(minutes=5, seconds=1)
        with freeze_time(later), self.assertRaisesRegex(UserError, "expired"):
            self.Otp._verify_code("13800138000", code)

    def test_only_the_latest_code_counts(self):
        self.Otp._request_code("13800138000")
        first = self._last_code()
        with freeze_time(fields.Datetime.now() + timedelta(seconds=61)):
            self.Otp._request_code("13800138000")
            second = self._last_code()
            if first != second:
                with self.assertRaisesRegex(UserError, "wrong"):
                    self.Otp._verify_code("13800138000", first)
            self.assertEqual(
                self.Otp._verify_code("13800138000", second), self.resident
            )

    def test_no_code_asked(self):
        with self.assertRaisesRegex(UserError, "ask for a code first"):
            self.Otp._verify_code("13800138000", "123456")

    def test_rate_limit_per_number(self):
        now = fields.Datetime.now()
        self.Otp._request_code("13800138000")
        with self.assertRaisesRegex(UserError, r"wait \d+ seconds"):
            self.Otp._request_code("+8613800138000")
        for step in range(1, auth_mobile_otp.MAX_SENDS_PER_NUMBER):
            with freeze_time(now + timedelta(seconds=61 * step)):
                self.Otp._request_code("13800138000")
        self.assertEqual(len(self.sent_sms), auth_mobile_otp.MAX_SENDS_PER_NUMBER)
        with (
            freeze_time(now + timedelta(minutes=30)),
            self.assertRaisesRegex(UserError, "Too many codes .* this number"),
        ):
            self.Otp._request_code("13800138000")
        self.assertEqual(len(self.sent_sms), auth_mobile_otp.MAX_SENDS_PER_NUMBER)

    def test_rate_limit_per_number_per_day(self):
        now = fields.Datetime.now()
        with patch.object(auth_mobile_otp, "MAX_SENDS_PER_NUMBER_PER_DAY", 2):
            for step in range(2):
                with freeze_time(now + timedelta(hours=2 * step)):
                    self.Otp._request_code("13800138000")
            with (
                freeze_time(now + timedelta(hours=4)),
                self.assertRaisesRegex(UserError, "this number today"),
            ):
                self.Otp._request_code("13800138000")
        self.assertEqual(len(self.sent_sms), 2)

    def test_user_rechecked_when_the_code_is_typed(self):
        """A resident archived (or made staff) after the code was sent is not
        signed in with it."""
        self.Otp._request_code("13800138000")
        code = self._last_code()
        self.resident.active = False
        with self.assertRaisesRegex(UserError, "The code is wrong"):
            self.Otp._verify_code("13800138000", code)
        self.resident.active = True
        self.Otp._request_code("13900139000")
        code = self._last_code()
        self.resident_by_login.groups_id = self.env.ref("base.group_user")
        with self.assertRaisesRegex(UserError, "The code is wrong"):
            self.Otp._verify_code("13900139000", code)

    def test_rate_limit_per_ip(self):
        with patch.object(auth_mobile_otp, "MAX_SENDS_PER_IP", 2):
            self.Otp._request_code("13800138000", "10.0.0.9")
            self.Otp._request_code("13500135000", "10.0.0.9")
            with self.assertRaisesRegex(UserError, "your network"):
                self.Otp._request_code("13900139000", "10.0.0.9")
            # Another address is not held back.
            self.Otp._request_code("13900139000", "10.0.0.10")
        self.assertEqual(len(self.sent_sms), 2)

    def test_unknown_number_same_answer_nothing_sent(self):
        for number in ("13500135000", "13700137000", "13600136000"):
            # Unknown, ambiguous and internal: no SMS, no error, a request
            # kept so that the limits are the same.
            self.assertIsNone(self.Otp._request_code(number))
            self.assertEqual(self.sent_sms, [])
            otp = self.Otp.search([("mobile", "=", number)])
            self.assertEqual(len(otp), 1)
            self.assertFalse(otp.user_id)
            with self.assertRaisesRegex(UserError, r"wait \d+ seconds"):
                self.Otp._request_code(number)
            with self.assertRaisesRegex(UserError, "The code is wrong"):
                self.Otp._verify_code(number, "000000")

    def test_model_hidden_from_users(self):
        self.Otp._request_code("13800138000")
        with self.assertRaises(Exception):  # noqa: B017 - AccessError
            self.Otp.with_user(self.resident).search([])
        with self.assertRaises(Exception):  # noqa: B017 - AccessError
            self.Otp.with_user(self.employee).search([])

    def test_old_requests_deleted(self):
        self.Otp._request_code("13800138000")
        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            self.Otp._gc_old_requests()
        self.assertFalse(self.Otp.search([]))
