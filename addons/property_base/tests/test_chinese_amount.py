from odoo.tests import BaseCase

from ..tools import amount_in_capitals


class TestChineseAmount(BaseCase):
    """Receipts print the amount in capital numerals as banks read them."""

    def test_amounts_in_capitals(self):
        cases = {
            0: "零元整",
            0.5: "伍角整",
            0.05: "伍分",
            10: "壹拾元整",
            100.05: "壹佰元零伍分",
            123.45: "壹佰贰拾叁元肆角伍分",
            1234.5: "壹仟贰佰叁拾肆元伍角整",
            100100: "壹拾万零壹佰元整",
            1010000: "壹佰零壹万元整",
            100000001: "壹亿零壹元整",
            1.005: "壹元零壹分",  # rounded half up to the fen
            -12.3: "负壹拾贰元叁角整",
        }
        for amount, words in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(amount_in_capitals(amount), words)
