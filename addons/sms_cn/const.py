from datetime import timedelta

# The message type of plain-text SMS (no type of their own): it is sent only if
# the company has an approved template for it with the one parameter below.
GENERIC_MESSAGE_TYPE = "generic"
GENERIC_PARAM = "content"

# A gateway error that a later attempt may overcome (rate limit, outage) is
# tried again this many times, after these delays; then the SMS is in error.
MAX_RETRIES = 3
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))

# Delivery reports not pushed by the gateway are fetched for SMS accepted
# between these ages, this many per company and run.
REPORT_WAIT = timedelta(minutes=10)
REPORT_MAX_AGE = timedelta(days=3)
REPORT_FETCH_LIMIT = 100

# Failure types of Odoo (sms.sms, mail.notification, mailing.trace) a gateway
# maps its own error codes to.
FAILURE_TEMPLATE = "sms_registration_needed"
FAILURE_ACCOUNT = "sms_acc"
FAILURE_NUMBER = "sms_number_format"
FAILURE_NUMBER_MISSING = "sms_number_missing"
FAILURE_SERVER = "sms_server"
FAILURE_NOT_DELIVERED = "sms_not_delivered"
