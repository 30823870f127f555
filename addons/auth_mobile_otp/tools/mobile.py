import re

# Separators people type inside a number, and full-width digits (手机号 typed
# with a Chinese input method).
SEPARATORS = re.compile(r"[\s\-\.\(\)/\u3000]")
FULL_WIDTH = str.maketrans("０１２３４５６７８９＋", "0123456789+")
CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
INTERNATIONAL = re.compile(r"^\+[1-9]\d{6,14}$")


def normalize_mobile(number):
    """The one written form of a mobile number, or None if it is not one.

    A mainland China mobile number is its 11 digits (``13800138000``), with or
    without +86 / 0086 / 86 in front; another country's number is ``+`` and its
    digits (``+85291234567``). Spaces, dashes, dots and brackets are ignored."""
    if not number or not isinstance(number, str):
        return None
    number = SEPARATORS.sub("", number.translate(FULL_WIDTH))
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if CN_MOBILE.match(number):
        return number
    if INTERNATIONAL.match(number):
        return number
    return None


def format_for_sms(mobile):
    """The normalized ``mobile`` as an international number for gateways."""
    return mobile if mobile.startswith("+") else f"+86{mobile}"
