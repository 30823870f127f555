# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import WeChatPayCommon

HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,"
    "交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,"
    "商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
    "手续费,费率,订单金额,申请退款金额,费率备注"
)
SUMMARY = (
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,"
    "订单总金额,申请退款总金额"
)


def bill_row(order, time, status="SUCCESS", amount="100.00", fee="0.60", refund="0.00"):
    """One detail row of a trade bill, each value behind a backtick."""
    refunding = status == "REFUND"
    values = [
        time,
        "wxd678efh567hg6787",
        "1230000109",
        "0",
        "",
        f"42000012{abs(hash(order)) % 10**10:010d}",
        order,
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
        "NATIVE",
        status,
        "OTHERS",
        "CNY",
        "0.00" if refunding else amount,
        "0.00",
        "50300001" if refunding else "0",
        f"{order}-R1" if refunding else "0",
        refund,
        "0.00",
        "ORIGINAL" if refunding else "",
        "SUCCESS" if refunding else "",
        "物业费",
        "",
        fee,
        "0.60%",
        amount,
        refund,
        "",
    ]
    return ",".join(f"`{value}" for value in values)


def trade_bill(*rows, summary=True):
    lines = [HEADER, *rows]
    if summary:
        lines += [SUMMARY, "`3,`200.00,`50.00,`0.00,`0.90,`200.00,`50.00"]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


@tagged("post_install", "-at_install")
class TestWeChatPaySettlement(WeChatPayCommon, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider.journal_id = cls.company_data["default_journal_bank"]
        cls.fee_account = cls.env["account.account"].create(
            {"name": "财务费用-手续费", "code": "660302", "account_type": "expense"}
        )
        cls.provider.settlement_fee_account_id = cls.fee_account
        cls.outstanding = cls.provider._settlement_outstanding_account()
        cls.tx_a = cls._paid_tx("S00001", 100.0)
        cls.tx_b = cls._paid_tx("S00002", 100.0)
        cls.accountant = cls._prepare_user(
            cls.internal_user.copy({"login": "settlement_accountant"}),
            "account.group_account_user",
        )
        cls.bill = trade_bill(
            bill_row("S00001", "2026-12-01 09:15:02"),
            bill_row("S00002", "2026-12-01 10:20:00", fee="0.60"),
            bill_row(
                "S00002",
                "2026-12-01 16:00:00",
                status="REFUND",
                fee="-0.30",
                refund="50.00",
            ),
        )

    @classmethod
    def _paid_tx(cls, reference, amount):
        tx = cls.env["payment.transaction"].create(
            {
                "payment_method_id": cls.payment_method_id,
                "amount": amount,
                "currency_id": cls.currency.id,
                "provider_id": cls.provider.id,
                "reference": reference,
                "operation": "online_redirect",
                "partner_id": cls.partner.id,
                "wechatpay_out_trade_no": reference,
                "state": "done",
            }
        )
        return tx

    def _import(self, content, user=None, **kwargs):
        provider = self.provider.with_user(user) if user else self.provider
        return provider._settlement_import(content, "bill.csv", **kwargs)

    def test_parse_trade_bill(self):
        rows = self.provider._settlement_parse_file(self.bill, "bill.csv")
        self.assertEqual(
            [
                (r["order_ref"], r["kind"], float(r["amount"]), float(r["fee"]))
                for r in rows
            ],
            [
                ("S00001", "payment", 100.0, 0.6),
                ("S00002", "payment", 100.0, 0.6),
                ("S00002", "refund", 50.0, -0.3),
            ],
            "the summary block is not a row; a refund gives its fee back",
        )
        self.assertEqual(str(rows[0]["date"]), "2026-12-01")

    def test_fees_booked_against_outstanding_receipts(self):
        settlement = self._import(self.bill)
        move = settlement.move_id
        self.assertEqual(settlement.state, "booked")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.provider.journal_id)
        self.assertEqual(str(move.date), "2026-12-01")
        self.assertAlmostEqual(settlement.fee_total, 0.9)
        fee_lines = move.line_ids.filtered(lambda l: l.account_id == self.fee_account)
        self.assertEqual(
            sorted((l.amount_currency, "S0000" in l.name) for l in fee_lines),
            [(0.3, True), (0.6, True)],
            "one fee line per order, refunds netted, named after the order",
        )
        self.assertEqual(fee_lines.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(fee_lines.partner_id, self.partner)
        counterpart = move.line_ids - fee_lines
        self.assertEqual(counterpart.account_id, self.outstanding)
        self.assertAlmostEqual(counterpart.amount_currency, -0.9)
        self.assertAlmostEqual(counterpart.credit, sum(fee_lines.mapped("debit")))
        self.assertEqual(settlement.transaction_ids, self.tx_a | self.tx_b)

    def test_same_file_twice_books_nothing(self):
        settlement = self._import(self.bill)
        moves_before = self.env["account.move"].search_count([])
        again = self._import(self.bill)
        self.assertEqual(again, settlement)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        other = trade_bill(bill_row("S00001", "2026-12-01 09:15:02", fee="0.59"))
        with self.assertRaisesRegex(UserError, "already booked"):
            self._import(other)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)

    def test_unknown_order(self):
        bill = trade_bill(
            bill_row("S00001", "2026-12-02 09:00:00"),
            bill_row("OUTSIDE-1", "2026-12-02 09:30:00", fee="0.12"),
        )
        moves_before = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "OUTSIDE-1"):
            self._import(bill)
        self.assertFalse(self.env["payment.settlement"].search([]))
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        settlement = self._import(bill, book_unknown=True)
        self.assertAlmostEqual(settlement.fee_total, 0.72)
        self.assertEqual(settlement.unknown_orders, "OUTSIDE-1")
        unknown_line = settlement.move_id.line_ids.filtered(
            lambda l: "OUTSIDE-1" in l.name
        )
        self.assertAlmostEqual(unknown_line.amount_currency, 0.12)
        self.assertIn("not found", unknown_line.name)

    def test_zero_fees_book_nothing(self):
        bill = trade_bill(bill_row("S00001", "2026-12-03 09:00:00", fee="0.00"))
        settlement = self._import(bill)
        self.assertEqual(settlement.state, "no_fee")
        self.assertFalse(settlement.move_id)

    def test_bad_files(self):
        for content in (
            b"",
            b"\xff\xfe\x00garbage",
            "交易时间,商户订单号\n`2026-12-01,`S00001\n".encode(),
            trade_bill(bill_row("S00001", "2026-12-01 09:15:02", fee="abc")),
            trade_bill(summary=False),
        ):
            with self.subTest(content=content[:20]), self.assertRaises(UserError):
                self._import(content)
        self.assertFalse(self.env["payment.settlement"].search([]))

    def test_missing_fee_account(self):
        self.provider.settlement_fee_account_id = False
        with self.assertRaisesRegex(UserError, "fees account"):
            self._import(self.bill)
        self.assertFalse(self.env["payment.settlement"].search([]))

    def test_wizard_and_access(self):
        wizard = (
            self.env["payment.settlement.import"]
            .with_user(self.accountant)
            .create(
                {
                    "provider": str(self.provider.id),
                    "file": base64.b64encode(self.bill),
                    "file_name": "bill.csv",
                }
            )
        )
        action = wizard.action_import()
        settlement = self.env["payment.settlement"].browse(action["res_id"])
        self.assertEqual(settlement.state, "booked")
        self.assertEqual(settlement.create_uid, self.accountant)
        plain = self._prepare_user(
            self.internal_user.copy({"login": "settlement_plain"}), "base.group_user"
        )
        for user in (plain, self.portal_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._import(self.bill, user=user)
                with self.assertRaises(AccessError):
                    self.env["payment.settlement.import"].with_user(user).create(
                        {"provider": str(self.provider.id)}
                    )
                with self.assertRaises(AccessError):
                    settlement.with_user(user).read(["fee_total"])

    def test_net_settlement_left_on_outstanding_receipts(self):
        """The payment lands on outstanding receipts; once the fees are booked,
        what is left there is what WeChat Pay settles to the bank."""
        self.tx_a._create_payment()
        bill = trade_bill(bill_row("S00001", "2026-12-04 09:00:00"))
        settlement = self._import(bill)
        lines = (self.tx_a.payment_id.move_id | settlement.move_id).line_ids.filtered(
            lambda l: l.account_id == self.outstanding
        )
        self.assertAlmostEqual(sum(lines.mapped("amount_currency")), 99.4)

    def test_settlement_not_deleted_while_posted(self):
        settlement = self._import(self.bill)
        with self.assertRaises(UserError):
            settlement.unlink()
        settlement.move_id.button_draft()
        settlement.move_id.button_cancel()
        settlement.unlink()
        self.assertEqual(self._import(self.bill).state, "booked")

    def test_provider_form_fields(self):
        self.assertTrue(self.provider.settlement_supported)
        self.assertIn(
            self.provider,
            self.env["payment.provider"].search([("settlement_supported", "=", True)]),
        )
        self._import(self.bill)
        self.assertEqual(self.provider.settlement_count, 1)
        self.assertEqual(
            self.provider.action_settlement_import()["context"]["default_provider"],
            str(self.provider.id),
        )
        self.assertEqual(
            self.provider.action_view_settlements()["domain"],
            [("provider_id", "=", self.provider.id)],
        )

    def test_download_from_wechatpay(self):
        self.fake.bills["2026-12-01"] = self.bill
        wizard = (
            self.env["payment.settlement.import"]
            .with_user(self.accountant)
            .create({"provider": str(self.provider.id), "date": "2026-12-01"})
        )
        action = wizard.action_download()
        settlement = self.env["payment.settlement"].browse(action["res_id"])
        self.assertEqual(settlement.state, "booked")
        self.assertAlmostEqual(settlement.fee_total, 0.9)
        self.assertEqual(settlement.file_name, "wechatpay_2026-12-01.csv")
        self.assertEqual(
            [request[0] for request in self._requests_to("/v3/bill")],
            ["GET", "GET"],
            "the bill asked for, then downloaded from the API host",
        )
        download = self._requests_to("/v3/billdownload/file")[0]
        self.assertTrue(download[2]["Authorization"].startswith("WECHATPAY2"))
        # The same day again books nothing new.
        self.assertEqual(
            self.provider._settlement_download_import(
                settlement.date_from, book_unknown=False
            ),
            settlement,
        )

    def test_download_refused(self):
        with self.assertRaisesRegex(UserError, "no trade bill"):
            self.provider._settlement_download_import(
                self.fake_date("2026-12-09"), book_unknown=False
            )
        self.fake.bills["2026-12-01"] = self.bill
        self.fake.bill_hash_wrong = True
        with self.assertRaisesRegex(UserError, "incomplete or altered"):
            self.provider._settlement_download_import(
                self.fake_date("2026-12-01"), book_unknown=False
            )
        self.assertFalse(self.env["payment.settlement"].search([]))
        plain = self._prepare_user(
            self.internal_user.copy({"login": "download_plain"}), "base.group_user"
        )
        self.fake.requests.clear()
        with self.assertRaises(AccessError):
            self.provider.with_user(plain)._settlement_download_import(
                self.fake_date("2026-12-01")
            )
        self.assertFalse(self.fake.requests, "nothing asked before the check")

    def test_wizard_needs_a_file_or_a_day(self):
        wizard = self.env["payment.settlement.import"].create(
            {"provider": str(self.provider.id)}
        )
        with self.assertRaisesRegex(UserError, "settlement file"):
            wizard.action_import()
        with self.assertRaisesRegex(UserError, "day"):
            wizard.action_download()

    def fake_date(self, text):
        return fields.Date.to_date(text)
