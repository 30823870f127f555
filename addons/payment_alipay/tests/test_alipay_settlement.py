# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import zipfile

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .. import const
from .common import AlipayCommon

HEADER = (
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,"
    "操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,"
    "支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,"
    "卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注"
)
SUMMARY_HEADER = (
    "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,"
    "支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）"
)


def bill_row(order, time, kind="交易", amount="100.00", fee="-0.60", request=""):
    values = [
        "2026120122001412345678901234",
        order,
        kind,
        "物业费",
        time,
        time,
        "",
        "",
        "",
        "",
        "kan***@163.com",
        amount,
        amount,
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "",
        "0.00",
        "0.00",
        request,
        fee,
        "0.00",
        "",
    ]
    # The real files pad most values with a tab.
    return ",".join(f"{value}\t" for value in values)


def details_csv(*rows):
    lines = [
        "#支付宝业务明细查询",
        "#账号：[20881021778468750156]",
        "#起始日期：[2026年12月01日 00:00:00]   终止日期：[2026年12月02日 00:00:00]",
        "#" + "-" * 41 + "业务明细列表" + "-" * 40,
        HEADER,
        *rows,
        "#" + "-" * 41 + "业务明细列表结束" + "-" * 36,
        "#交易合计：2笔，商家实收共：200.00元，商家优惠共：0.00元",
        "#退款合计：1笔，商家实收退款共：-50.00元，商家优惠退款共：0.00元",
        "#导出时间：[2026年12月02日 08:40:13]",
    ]
    return "\r\n".join(lines).encode("gbk")


def bill_zip(details):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        summary = (
            f"#支付宝业务汇总查询\r\n{SUMMARY_HEADER}\r\n"
            ",,2,1,150.00,150.00,0,0,0,-0.90,0,149.10"
        )
        archive.writestr(
            "20881021778468750156_20261201_业务明细(汇总).csv", summary.encode("gbk")
        )
        archive.writestr("20881021778468750156_20261201_业务明细.csv", details)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestAlipaySettlement(AlipayCommon, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider.journal_id = cls.company_data["default_journal_bank"]
        cls.fee_account = cls.env["account.account"].create(
            {
                "name": "财务费用-支付宝手续费",
                "code": "660303",
                "account_type": "expense",
            }
        )
        cls.provider.settlement_fee_account_id = cls.fee_account
        cls.tx_a = cls._done_tx("S00101")
        cls.tx_b = cls._done_tx("S00102")
        cls.details = details_csv(
            bill_row("S00101", "2026-12-01 09:15:10"),
            bill_row("S00102", "2026-12-01 10:00:00"),
            bill_row(
                "S00102",
                "2026-12-01 15:00:00",
                kind="退款",
                amount="-50.00",
                fee="0.30",
                request="S00102-R1",
            ),
        )

    @classmethod
    def _done_tx(cls, reference):
        return cls.env["payment.transaction"].create(
            {
                "payment_method_id": cls.payment_method_id,
                "amount": 100.0,
                "currency_id": cls.currency.id,
                "provider_id": cls.provider.id,
                "reference": reference,
                "operation": "online_redirect",
                "partner_id": cls.partner.id,
                "state": "done",
            }
        )

    def test_parse_zip_and_csv(self):
        expected = [
            ("S00101", "payment", 100.0, 0.6),
            ("S00102", "payment", 100.0, 0.6),
            ("S00102", "refund", 50.0, -0.3),
        ]
        for content in (bill_zip(self.details), self.details):
            rows = self.provider._settlement_parse_file(content, "bill")
            self.assertEqual(
                [
                    (r["order_ref"], r["kind"], float(r["amount"]), float(r["fee"]))
                    for r in rows
                ],
                expected,
            )
            self.assertEqual(rows[0]["provider_ref"], "2026120122001412345678901234")
            self.assertEqual(str(rows[2]["date"]), "2026-12-01")

    def test_fees_booked(self):
        settlement = self.provider._settlement_import(bill_zip(self.details), "b.zip")
        self.assertEqual(settlement.state, "booked")
        self.assertAlmostEqual(settlement.fee_total, 0.9)
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.provider.journal_id)
        fee_lines = move.line_ids.filtered(lambda l: l.account_id == self.fee_account)
        self.assertEqual(sorted(fee_lines.mapped("amount_currency")), [0.3, 0.6])
        counterpart = move.line_ids - fee_lines
        self.assertEqual(
            counterpart.account_id, self.provider._settlement_outstanding_account()
        )
        self.assertAlmostEqual(counterpart.amount_currency, -0.9)
        # The same bill again, zipped or not, books nothing new.
        for content in (bill_zip(self.details), self.details):
            self.assertEqual(self.provider._settlement_import(content, "b"), settlement)
        self.assertEqual(len(self.env["payment.settlement"].search([])), 1)
        other = details_csv(bill_row("S00101", "2026-12-01 09:15:10", fee="-0.59"))
        with self.assertRaisesRegex(UserError, "already booked"):
            self.provider._settlement_import(other, "b.csv")

    def test_unknown_order_refused(self):
        details = details_csv(bill_row("ELSEWHERE-9", "2026-12-05 09:00:00"))
        with self.assertRaisesRegex(UserError, "ELSEWHERE-9"):
            self.provider._settlement_import(details, "b.csv")
        self.assertFalse(self.env["payment.settlement"].search([]))

    def test_bad_files(self):
        empty_zip = io.BytesIO()
        with zipfile.ZipFile(empty_zip, "w") as archive:
            archive.writestr("readme.txt", "nothing")
        for content in (
            b"PK\x03\x04broken",
            empty_zip.getvalue(),
            self.details.decode("gbk").encode("utf-16"),
            details_csv(bill_row("S00101", "not a time")),
            details_csv(bill_row("S00101", "2026-12-01 09:00:00", fee="x")),
            details_csv(),
        ):
            with self.subTest(content=content[:12]), self.assertRaises(UserError):
                self.provider._settlement_import(content, "b")
        self.assertFalse(self.env["payment.settlement"].search([]))

    def test_access(self):
        plain = self._prepare_user(
            self.internal_user.copy({"login": "alipay_plain"}), "base.group_user"
        )
        for user in (plain, self.portal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.provider.with_user(user)._settlement_import(self.details, "b")
        accountant = self._prepare_user(
            self.internal_user.copy({"login": "alipay_accountant"}),
            "account.group_account_manager",
        )
        wizard = self.env["payment.settlement.import"].with_user(accountant)
        self.assertIn(
            (str(self.provider.id), self.provider.display_name),
            wizard._selection_provider(),
        )
        settlement = self.provider.with_user(accountant)._settlement_import(
            self.details, "b.csv"
        )
        self.assertEqual(settlement.state, "booked")

    def test_download_from_alipay(self):
        self.fake.bills["2026-12-01"] = bill_zip(self.details)
        settlement = self.provider._settlement_download_import(
            fields.Date.to_date("2026-12-01")
        )
        self.assertEqual(settlement.state, "booked")
        self.assertAlmostEqual(settlement.fee_total, 0.9)
        self.assertEqual(settlement.file_name, "alipay_2026-12-01.zip")
        method, biz, _params = self.fake.calls[-1]
        self.assertEqual(method, "alipay.data.dataservice.bill.downloadurl.query")
        self.assertEqual(biz, {"bill_type": "trade", "bill_date": "2026-12-01"})

    def test_download_refused(self):
        with self.assertRaisesRegex(UserError, "no trade bill"):
            self.provider._settlement_download_import(fields.Date.to_date("2026-12-09"))
        self.fake.fail_next(const.BILL_DOWNLOAD_METHOD, "bad_signature")
        self.fake.bills["2026-12-01"] = bill_zip(self.details)
        with self.assertRaises(UserError):
            self.provider._settlement_download_import(fields.Date.to_date("2026-12-01"))
        self.assertFalse(self.env["payment.settlement"].search([]))
        plain = self._prepare_user(
            self.internal_user.copy({"login": "alipay_download_plain"}),
            "base.group_user",
        )
        with self.assertRaises(AccessError):
            self.provider.with_user(plain)._settlement_download_import(
                fields.Date.to_date("2026-12-01")
            )
        self.assertEqual(len(self.fake.calls), 1, "nothing asked before the check")
