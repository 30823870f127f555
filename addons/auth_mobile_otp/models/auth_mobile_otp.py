import hmac
import logging
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import hmac as odoo_hmac

from ..tools import format_for_sms, normalize_mobile

_logger = logging.getLogger(__name__)

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=5)
# A new code for the same number no sooner than this.
RESEND_INTERVAL = timedelta(seconds=60)
# Codes sent in the last hour, per number and per IP address.
MAX_SENDS_PER_NUMBER = 5
MAX_SENDS_PER_IP = 20
# Codes sent in the last day per number: with MAX_ATTEMPTS wrong codes each,
# at most 50 guesses a day out of a million codes.
MAX_SENDS_PER_NUMBER_PER_DAY = 10
# Wrong codes typed before the code is dead.
MAX_ATTEMPTS = 5
# Requests are kept this long for the limits above, then deleted.
KEEP = timedelta(days=1)
HASH_SCOPE = "auth_mobile_otp"


class AuthMobileOtp(models.Model):
    """A one-time sign-in code asked for a mobile number. Only its keyed hash
    is kept. A request for a number that belongs to no user is kept too (with
    a code nobody receives), so that limits and answers are the same for
    every number."""

    _name = "auth.mobile.otp"
    _description = "Mobile Sign-in Code"
    _order = "id desc"
    _rec_name = "mobile"

    mobile = fields.Char(required=True, index=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", readonly=True, ondelete="cascade", index="btree_not_null"
    )
    code_hash = fields.Char(required=True, readonly=True)
    expiration = fields.Datetime(required=True, readonly=True)
    attempt_count = fields.Integer(string="Wrong Codes", readonly=True)
    used = fields.Boolean(readonly=True)
    ip_address = fields.Char(string="IP Address", index=True, readonly=True)

    @api.autovacuum
    def _gc_old_requests(self):
        self.search([("create_date", "<", fields.Datetime.now() - KEEP)]).unlink()

    @api.model
    def _hash_code(self, mobile, code):
        # sudo: reads database.secret to key the hash; nothing is returned.
        return odoo_hmac(self.env(su=True), HASH_SCOPE, f"{mobile}:{code}")

    @api.model
    def _normalize(self, number):
        mobile = normalize_mobile(number)
        if not mobile:
            raise UserError(
                self.env._(
                    "Enter a valid mobile number, e.g. 138 0013 8000 or +852 9123 4567."
                )
            )
        return mobile

    @api.model
    def _normalize_or_none(self, number):
        return normalize_mobile(number)

    @api.model
    def _request_code(self, number, ip_address=None):
        """Send a new code to ``number`` if it belongs to exactly one user who
        may sign in this way. The answer does not say whether it does: a
        refusal (a limit reached) is the same for every number."""
        mobile = self._normalize(number)
        # Two requests for one number (or from one address) at once wait for
        # each other, so that both count against the limits below.
        self._lock_for_limits(mobile, ip_address)
        now = fields.Datetime.now()
        last = self.search([("mobile", "=", mobile)], limit=1)
        if last and last.create_date > now - RESEND_INTERVAL:
            wait = int((last.create_date + RESEND_INTERVAL - now).total_seconds()) + 1
            raise UserError(
                self.env._(
                    "A code was just sent. Please wait %(seconds)s seconds before "
                    "asking for another one.",
                    seconds=wait,
                )
            )
        hour_ago = now - timedelta(hours=1)
        if (
            self.search_count([("mobile", "=", mobile), ("create_date", ">", hour_ago)])
            >= MAX_SENDS_PER_NUMBER
        ):
            raise UserError(
                self.env._(
                    "Too many codes were asked for this number. Please try again "
                    "in an hour."
                )
            )
        if (
            self.search_count(
                [("mobile", "=", mobile), ("create_date", ">", now - KEEP)]
            )
            >= MAX_SENDS_PER_NUMBER_PER_DAY
        ):
            raise UserError(
                self.env._(
                    "Too many codes were asked for this number today. Please try "
                    "again tomorrow."
                )
            )
        if (
            ip_address
            and self.search_count(
                [("ip_address", "=", ip_address), ("create_date", ">", hour_ago)]
            )
            >= MAX_SENDS_PER_IP
        ):
            raise UserError(
                self.env._(
                    "Too many codes were asked from your network. Please try "
                    "again later."
                )
            )
        user = self.env["res.users"]._mobile_otp_find_user(mobile)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        self.create(
            {
                "mobile": mobile,
                "user_id": user.id,
                "code_hash": self._hash_code(mobile, code),
                "expiration": now + CODE_LIFETIME,
                "ip_address": ip_address,
            }
        )
        if user:
            self._send_code(user, mobile, code)

    @api.model
    def _lock_for_limits(self, mobile, ip_address):
        keys = [f"{HASH_SCOPE}:{mobile}"]
        if ip_address:
            keys.append(f"{HASH_SCOPE}:ip:{ip_address}")
        for key in keys:  # always in this order: no deadlock
            self.env.cr.execute(
                SQL("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", key)
            )

    @api.model
    def _prepare_sms_values(self, user, mobile, code):
        """The ``sms.sms`` values of the message carrying ``code``; modules
        sending SMS as approved templates add their message type here."""
        minutes = int(CODE_LIFETIME.total_seconds() // 60)
        return {
            "number": format_for_sms(mobile),
            "partner_id": user.partner_id.id,
            "body": self.with_context(lang=user.lang).env._(
                "Your sign-in code is %(code)s, valid for %(minutes)s minutes. "
                "Do not share it with anyone.",
                code=code,
                minutes=minutes,
            ),
        }

    @api.model
    def _send_code(self, user, mobile, code):
        """Send the SMS now and delete it, sent or not: the code is never left
        in the database in clear. A failure is logged without the code."""
        # sudo: the server sends the code to the number of the one user found
        # for it; the SMS is deleted in this transaction.
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create(self._prepare_sms_values(user, mobile, code))
        )
        try:
            sms._send(unlink_failed=True, unlink_sent=True, raise_exception=False)
        except Exception as error:  # noqa: BLE001 - same answer, logged
            _logger.info("Sign-in code SMS to user %s not sent: %s", user.id, error)
        sms.exists().unlink()

    @api.model
    def _verify_code(self, number, code):
        """Return the user of ``number`` if ``code`` is its latest code, alive
        and right, and use the code up; raise a UserError saying why not."""
        mobile = self._normalize(number)
        code = (code or "").strip()
        otp = self.search([("mobile", "=", mobile)], limit=1)
        if not otp:
            raise UserError(self.env._("Please ask for a code first."))
        # Two requests with the same code never both sign in.
        self.env.cr.execute(
            SQL("SELECT id FROM auth_mobile_otp WHERE id = %s FOR UPDATE", otp.id)
        )
        otp.invalidate_recordset()
        if otp.used:
            raise UserError(
                self.env._("This code has already been used. Please ask for a new one.")
            )
        if otp.attempt_count >= MAX_ATTEMPTS:
            raise UserError(
                self.env._("Too many wrong codes. Please ask for a new one.")
            )
        if otp.expiration < fields.Datetime.now():
            raise UserError(
                self.env._("The code has expired. Please ask for a new one.")
            )
        right = hmac.compare_digest(otp.code_hash, self._hash_code(mobile, code))
        # The user must still be the number's one user allowed to sign in this
        # way (not archived, made internal or given another login meanwhile).
        still_theirs = otp.user_id and otp.user_id == self.env[
            "res.users"
        ]._mobile_otp_find_user(mobile)
        if not (right and still_theirs):
            otp.attempt_count += 1
            left = MAX_ATTEMPTS - otp.attempt_count
            if left <= 0:
                raise UserError(
                    self.env._(
                        "The code is wrong. Too many wrong codes: please ask for a "
                        "new one."
                    )
                )
            raise UserError(
                self.env._(
                    "The code is wrong. You may try %(count)s more times.", count=left
                )
            )
        otp.used = True
        return otp.user_id
