"""Amounts in Chinese capital numerals (大写金额), as receipts and bank
documents print them (人民币 rules of the People's Bank of China's payment
and settlement measures)."""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万")


def _integer_in_capitals(number):
    text = str(number)
    length = len(text)
    words = []
    pending_zero = False
    for index, char in enumerate(text):
        digit = int(char)
        position = length - index - 1
        if digit:
            if pending_zero:
                words.append(DIGITS[0])
                pending_zero = False
            words.append(DIGITS[digit] + PLACES[position % 4])
        else:
            pending_zero = True
        group = position // 4
        if position % 4 == 0 and group and int(text[max(0, index - 3) : index + 1]):
            words.append(GROUPS[group])
    return "".join(words)


def amount_in_capitals(amount):
    """``amount`` (yuan) in capital numerals: 1234.5 gives 壹仟贰佰叁拾肆元伍角整,
    100.05 gives 壹佰元零伍分."""
    cents = int(
        (Decimal(str(amount)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )
    sign = "负" if cents < 0 else ""
    yuan, rest = divmod(abs(cents), 100)
    jiao, fen = divmod(rest, 10)
    if not yuan and not rest:
        return "零元整"
    words = _integer_in_capitals(yuan) + "元" if yuan else ""
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan and fen:
        words += DIGITS[0]
    if fen:
        words += DIGITS[fen] + "分"
    else:
        words += "整"
    return sign + words
