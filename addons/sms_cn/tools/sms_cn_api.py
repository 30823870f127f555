import re

from ..const import FAILURE_NOT_DELIVERED, FAILURE_SERVER

MAINLAND_NUMBER = re.compile(r"^(?:\+86|0086|86)?(1\d{10})$")
INTERNATIONAL_NUMBER = re.compile(r"^(?:\+|00)([1-9]\d{6,14})$")
NUMBER_SEPARATORS = re.compile(r"[\s\-().]")


class SmsCnGatewayError(Exception):
    """A gateway refused a whole request (bad credentials, rate limit...)."""

    def __init__(self, code, message, retry=False):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retry = retry


class SmsCnApi:
    """A Chinese SMS gateway: the counterpart of Odoo's ``SmsApi`` (IAP).

    A gateway module subclasses it, sets ``gateway`` (its key in the company's
    *SMS Gateway* selection), implements ``_send_sms_batch`` and
    ``_fetch_delivery_reports``, and returns it from
    ``res.company._sms_cn_get_api``. ``sms.sms._send`` then sends the queue of
    companies using that gateway through it instead of IAP.
    """

    gateway = None
    # Error codes (or their prefixes) a later attempt may overcome.
    RETRY_CODES = frozenset()
    RETRY_CODE_PREFIXES = ()
    # Error codes of the send request -> failure type of the SMS.
    FAILURE_TYPES = {}
    # Status codes of failed delivery reports -> failure type of the SMS and
    # its notification: the carriers' CMPP codes, which gateways pass on.
    REPORT_FAILURE_TYPES = {
        "EXPIRED": "sms_expired",
        "REJECTD": "sms_rejected",
        "UNDELIV": "sms_not_delivered",
        "DB:0101": "sms_invalid_destination",
        "CB:0001": "sms_invalid_destination",
        "CB:0053": "sms_invalid_destination",
    }

    def __init__(self, company):
        self.company = company
        self.env = company.env

    # ------------------------------------------------------------------
    # To implement by each gateway
    # ------------------------------------------------------------------
    def _check_configuration(self):
        """Return why this gateway cannot send for the company, or None."""
        return

    def _send_sms_batch(self, messages):
        """Send ``messages``, a list of dicts with the keys ``uuid``,
        ``number`` (as ``_format_number`` gives it), ``template_code``,
        ``sign_name`` and ``params`` (a list of ``(name, value)`` pairs in the
        template's order).

        Return one dict per message: ``uuid``, ``state`` (``success`` or
        ``error``), ``msgid`` (the gateway's ID of the sent message, reported
        back in delivery reports), ``code`` and ``message`` (the gateway's
        error). Raise ``SmsCnGatewayError`` when the whole request is refused.
        """
        raise NotImplementedError()

    def _fetch_delivery_reports(self, sms_records):
        """Ask the gateway for the delivery reports of ``sms_records`` (sent,
        waiting for their report). Return reports as
        ``sms.sms._sms_cn_process_delivery_reports`` takes them."""
        return []

    # ------------------------------------------------------------------
    # Shared helpers
    # ------------------------------------------------------------------
    @staticmethod
    def _split_number(number):
        """Return ``(country code, national number)`` of a phone number, a
        Chinese mainland mobile number when it has no country code, or
        ``(False, False)`` when it cannot be one."""
        number = NUMBER_SEPARATORS.sub("", number or "")
        mainland = MAINLAND_NUMBER.match(number)
        if mainland:
            return "86", mainland.group(1)
        international = INTERNATIONAL_NUMBER.match(number)
        if international:
            digits = international.group(1)
            for length in (1, 2, 3):
                # Country codes are 1 to 3 digits; the national number takes
                # the rest (the gateway checks it against the country).
                code = digits[:length]
                if code in COUNTRY_CODES:
                    return code, digits[length:]
        return False, False

    def _format_number(self, number):
        """The number as the gateway expects it (E.164 by default), or False."""
        country, national = self._split_number(number)
        if not country:
            return False
        return f"+{country}{national}"

    def _is_retryable(self, code):
        return code in self.RETRY_CODES or (
            bool(self.RETRY_CODE_PREFIXES)
            and (code or "").startswith(self.RETRY_CODE_PREFIXES)
        )

    def _get_failure_type(self, code):
        return self.FAILURE_TYPES.get(code, FAILURE_SERVER)

    def _get_report_failure_type(self, code):
        return self.REPORT_FAILURE_TYPES.get(code, FAILURE_NOT_DELIVERED)


# ITU-T E.164 country calling codes (1 to 3 digits).
COUNTRY_CODES = frozenset(
    [
        "1",
        "7",
        "20",
        "27",
        "30",
        "31",
        "32",
        "33",
        "34",
        "36",
        "39",
        "40",
        "41",
        "43",
        "44",
        "45",
        "46",
        "47",
        "48",
        "49",
        "51",
        "52",
        "53",
        "54",
        "55",
        "56",
        "57",
        "58",
        "60",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "81",
        "82",
        "84",
        "86",
        "90",
        "91",
        "92",
        "93",
        "94",
        "95",
        "98",
        "211",
        "212",
        "213",
        "216",
        "218",
        "220",
        "221",
        "222",
        "223",
        "224",
        "225",
        "226",
        "227",
        "228",
        "229",
        "230",
        "231",
        "232",
        "233",
        "234",
        "235",
        "236",
        "237",
        "238",
        "239",
        "240",
        "241",
        "242",
        "243",
        "244",
        "245",
        "246",
        "247",
        "248",
        "249",
        "250",
        "251",
        "252",
        "253",
        "254",
        "255",
        "256",
        "257",
        "258",
        "260",
        "261",
        "262",
        "263",
        "264",
        "265",
        "266",
        "267",
        "268",
        "269",
        "290",
        "291",
        "297",
        "298",
        "299",
        "350",
        "351",
        "352",
        "353",
        "354",
        "355",
        "356",
        "357",
        "358",
        "359",
        "370",
        "371",
        "372",
        "373",
        "374",
        "375",
        "376",
        "377",
        "378",
        "379",
        "380",
        "381",
        "382",
        "383",
        "385",
        "386",
        "387",
        "389",
        "420",
        "421",
        "423",
        "500",
        "501",
        "502",
        "503",
        "504",
        "505",
        "506",
        "507",
        "508",
        "509",
        "590",
        "591",
        "592",
        "593",
        "594",
        "595",
        "596",
        "597",
        "598",
        "599",
        "670",
        "672",
        "673",
        "674",
        "675",
        "676",
        "677",
        "678",
        "679",
        "680",
        "681",
        "682",
        "683",
        "685",
        "686",
        "687",
        "688",
        "689",
        "690",
        "691",
        "692",
        "850",
        "852",
        "853",
        "855",
        "856",
        "880",
        "886",
        "960",
        "961",
        "962",
        "963",
        "964",
        "965",
        "966",
        "967",
        "968",
        "970",
        "971",
        "972",
        "973",
        "974",
        "975",
        "976",
        "977",
        "992",
        "993",
        "994",
        "995",
        "996",
        "998",
    ]
)
