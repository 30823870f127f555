import json

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import hmac

from ..controllers.portal import PropertyBillingPortal
from .common import BillingCase


@tagged("post_install", "-at_install")
class TestPortalPaymentSecurity(BillingCase, HttpCase):
    """Residents pay what they owe, never less than nothing nor more, and see
    their own bills, receipts and statements only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.resident = cls._portal_user("sec_resident")
        cls.neighbour = cls._portal_user("sec_neighbour")
        cls.child = cls._portal_user("sec_child")
        cls.far = cls._portal_user("sec_far")
        cls.unit_r = cls._create_unit("1101", 80.0, cls.resident.partner_id)
        cls.unit_n = cls._create_unit("1102", 120.0, cls.neighbour.partner_id)
        # sudo: set as staff would; the child pays for the neighbour.
        cls.neighbour.partner_id.sudo().property_proxy_payer_id = cls.child.partner_id
        # A resident of another community of the company.
        other_community = cls.env["property.community"].create(
            {"name": "Pine Hill", "code": "PH", "company_id": cls.company.id}
        )
        other_building = cls.env["property.building"].create(
            {"name": "Building 9", "code": "9", "community_id": other_community.id}
        )
        cls.unit_f = cls.env["property.unit"].create(
            {
                "building_id": other_building.id,
                "entrance": "1",
                "number": "0101",
                "area": 90.0,
            }
        )
        cls.env["property.occupancy"].create(
            {
                "unit_id": cls.unit_f.id,
                "partner_id": cls.far.partner_id.id,
                "role": "owner",
                "share": 100,
                "date_start": "2015-01-01",
            }
        )
        for unit in (cls.unit_r, cls.unit_n, cls.unit_f):
            cls._create_contract(unit=unit)
        run = cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        )
        run.action_run()
        bills = run.move_ids.grouped("property_unit_id")
        cls.bill_r = bills[cls.unit_r]
        cls.bill_n = bills[cls.unit_n]
        cls.bill_f = bills[cls.unit_f]
        cls.provider, cls.method = cls._online_provider()
        cls.currency = cls.company.currency_id

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _jsonrpc(self, route, params):
        """The decoded JSON-RPC answer: ``result`` or ``error``."""
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                data=json.dumps(
                    {"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _tx_params(self, amount, **values):
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.method.id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/my/bills",
            **values,
        }

    def _pay_invoice(self, bill, amount, access_token=True):
        token = bill._portal_ensure_token() if access_token is True else access_token
        return self._jsonrpc(
            f"/invoice/transaction/{bill.id}",
            self._tx_params(amount, access_token=token),
        )

    def _transactions(self):
        return self.env["payment.transaction"].sudo().search([])

    def _error(self, answer):
        self.assertIn("error", answer, answer.get("result"))
        return answer["error"]["data"]["message"]

    # ------------------------------------------------------------------
    # 11. Amounts of online payments
    # ------------------------------------------------------------------
    def test_invoice_payment_amount_is_positive_and_at_most_owed(self):
        self.authenticate("sec_resident", "sec_resident")
        residual = self.bill_r.amount_residual
        before = self._transactions()
        for amount, message in (
            (-100.0, "above zero"),
            (-0.001, "above zero"),
            (0.0, "above zero"),
            (residual + 0.01, "at most"),
            (residual * 10, "at most"),
        ):
            with self.subTest(amount=amount):
                answer = self._pay_invoice(self.bill_r, amount)
                self.assertIn(message, self._error(answer))
        self.assertEqual(self._transactions(), before)
        # Part of the bill, or all of it, is fine.
        self.assertIn("result", self._pay_invoice(self.bill_r, residual / 2))
        self.assertIn("result", self._pay_invoice(self.bill_r, residual))
        self.assertEqual(len(self._transactions() - before), 2)

    def test_overdue_payment_amount_is_at_most_owed(self):
        self.authenticate("sec_resident", "sec_resident")
        before = self._transactions()
        residual = self.bill_r.amount_residual
        for amount in (-residual, 0, residual + 1):
            with self.subTest(amount=amount):
                answer = self._jsonrpc(
                    "/invoice/transaction/overdue",
                    self._tx_params(amount, payment_reference=self.bill_r.name),
                )
                self._error(answer)
        self.assertEqual(self._transactions(), before)
        answer = self._jsonrpc(
            "/invoice/transaction/overdue",
            self._tx_params(residual, payment_reference=self.bill_r.name),
        )
        self.assertIn("result", answer)
        self.assertEqual((self._transactions() - before).invoice_ids, self.bill_r)

    def test_payment_link_amount_is_positive_and_at_most_owed(self):
        """/payment/pay lets a logged-in user choose any amount, and signs
        it: the transaction itself must refuse what is not owed."""
        self.authenticate("sec_resident", "sec_resident")
        partner = self.resident.partner_id
        owed = self.bill_r.amount_residual
        before = self._transactions()

        def pay(amount):
            token = hmac(
                self.env(su=True),
                "generate_access_token",
                f"{partner.id}|{amount}|{self.currency.id}",
            )
            return self._jsonrpc(
                "/payment/transaction",
                self._tx_params(
                    amount,
                    currency_id=self.currency.id,
                    partner_id=partner.id,
                    access_token=token,
                    reference_prefix="sec",
                ),
            )

        self.assertIn("above zero", self._error(pay(-50.0)))
        self.assertIn("at most", self._error(pay(owed + 1)))
        self.assertEqual(self._transactions(), before)
        self.assertIn("result", pay(owed))

    def test_proxy_payer_pays_at_most_the_parents_balance_by_link(self):
        """The installment link pays no bill: a proxy payer pays at most what
        the people they pay for owe."""
        self.authenticate("sec_child", "sec_child")
        partner = self.child.partner_id
        owed = self.bill_n.amount_residual

        def pay(amount):
            token = hmac(
                self.env(su=True),
                "generate_access_token",
                f"{partner.id}|{amount}|{self.currency.id}",
            )
            return self._jsonrpc(
                "/payment/transaction",
                self._tx_params(
                    amount,
                    currency_id=self.currency.id,
                    partner_id=partner.id,
                    access_token=token,
                    reference_prefix="sec-child",
                ),
            )

        self.assertIn("at most", self._error(pay(owed + 1)))
        self.assertIn("result", pay(owed))

    def test_proxy_payer_pays_at_most_the_parents_bills(self):
        self.authenticate("sec_child", "sec_child")
        residual = self.bill_n.amount_residual
        too_much = self._pay_invoice(self.bill_n, residual + 1)
        self.assertIn("at most", self._error(too_much))
        negative = self._pay_invoice(self.bill_n, -1)
        self.assertIn("above zero", self._error(negative))
        self.assertIn("result", self._pay_invoice(self.bill_n, residual))

    def test_other_residents_invoice_cannot_be_paid_or_seen(self):
        self.authenticate("sec_resident", "sec_resident")
        before = self._transactions()
        for bill in (self.bill_n, self.bill_f):
            with self.subTest(bill=bill.name):
                for token in (None, "forged", self.bill_r._portal_ensure_token()):
                    answer = self._pay_invoice(bill, 10.0, access_token=token)
                    self._error(answer)
                for url in (
                    f"/my/invoices/{bill.id}",
                    f"/my/invoices/{bill.id}?report_type=pdf&download=true",
                ):
                    page = self.url_open(url, allow_redirects=False)
                    self.assertIn(page.status_code, (303, 403, 404), url)
                    self.assertNotIn(bill.name, page.text)
        self.assertEqual(self._transactions(), before)

    def test_orm_transaction_refuses_bad_amounts(self):
        """Whatever the route: the check sits on the transaction."""
        Transaction = self.env["payment.transaction"].sudo()

        def create(amount, **values):
            return Transaction.create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.method.id,
                    "reference": f"SEC-{amount}-{len(values)}",
                    "amount": amount,
                    "currency_id": self.currency.id,
                    "partner_id": self.resident.partner_id.id,
                    "operation": "online_direct",
                    "invoice_ids": [Command.set(self.bill_r.ids)],
                    **values,
                }
            )

        for amount in (-10.0, 0.0, self.bill_r.amount_residual + 0.01):
            with (
                self.subTest(amount=amount),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                create(amount)
        tx = create(self.bill_r.amount_residual)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            tx.amount = -5.0
        # Refunds are made by staff, negative by nature.
        refund = create(-10.0, operation="refund", source_transaction_id=tx.id)
        self.assertEqual(refund.amount, -10.0)

    # ------------------------------------------------------------------
    # Receipts, statements and bills of others
    # ------------------------------------------------------------------
    def _counter_payment(self, unit, amount):
        self.env["property.counter.payment"].create(
            {
                "unit_id": unit.id,
                "journal_id": self.company_data["default_journal_cash"].id,
                "amount": amount,
            }
        ).action_confirm()
        return self.env["account.payment"].search(
            [("property_unit_id", "=", unit.id)], order="id desc", limit=1
        )

    def test_receipts_and_statements_of_others_are_not_found(self):
        payment_r = self._counter_payment(self.unit_r, 50.0)
        payment_n = self._counter_payment(self.unit_n, 60.0)
        payment_f = self._counter_payment(self.unit_f, 70.0)
        refund_r = self.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "customer",
                "partner_id": self.resident.partner_id.id,
                "journal_id": self.company_data["default_journal_cash"].id,
                "amount": 5.0,
            }
        )
        refund_r.action_post()
        statement = "/my/bills/statement?date_from=2026-01-01&date_to=2026-12-31"

        self.authenticate("sec_resident", "sec_resident")
        own = self.url_open(f"/my/bills/receipt/{payment_r.id}")
        self.assertEqual(own.headers["Content-Type"], "application/pdf")
        for payment_id in (payment_n.id, payment_f.id, refund_r.id, 999999999):
            response = self.url_open(f"/my/bills/receipt/{payment_id}")
            self.assertEqual(response.status_code, 404, payment_id)
        for partner in (self.neighbour.partner_id, self.far.partner_id):
            response = self.url_open(f"{statement}&partner_id={partner.id}")
            self.assertEqual(response.status_code, 404)
        page = self.url_open("/my/bills").text
        self.assertIn(self.bill_r.name, page)
        for bill in (self.bill_n, self.bill_f):
            self.assertNotIn(bill.name, page)
        self.assertNotIn(f"/my/bills/receipt/{payment_n.id}", page)

        # The proxy payer: the parent's bills, receipts and statement only.
        self.authenticate("sec_child", "sec_child")
        page = self.url_open("/my/bills").text
        self.assertIn(self.bill_n.name, page)
        self.assertNotIn(self.bill_r.name, page)
        self.assertNotIn(self.bill_f.name, page)
        receipt = self.url_open(f"/my/bills/receipt/{payment_n.id}")
        self.assertEqual(receipt.headers["Content-Type"], "application/pdf")
        parent = self.url_open(f"{statement}&partner_id={self.neighbour.partner_id.id}")
        self.assertEqual(parent.headers["Content-Type"], "application/pdf")
        for payment_id in (payment_r.id, payment_f.id):
            response = self.url_open(f"/my/bills/receipt/{payment_id}")
            self.assertEqual(response.status_code, 404)
        guessed = f"{statement}&partner_id={self.resident.partner_id.id}"
        self.assertEqual(self.url_open(guessed).status_code, 404)

    # ------------------------------------------------------------------
    # 10. No state change by GET
    # ------------------------------------------------------------------
    def test_billing_portal_routes_only_read(self):
        routes = {
            name: method.original_routing
            for name, method in vars(PropertyBillingPortal).items()
            if hasattr(method, "original_routing")
        }
        # Each route reads; one that changes state must be POST with CSRF.
        self.assertEqual(
            set(routes),
            {"portal_my_bills", "portal_my_bill_receipt", "portal_my_bill_statement"},
        )
        for name, routing in routes.items():
            self.assertEqual(routing["methods"], ["GET"], name)
        payment = self._counter_payment(self.unit_r, 50.0)
        counted = ("ir.attachment", "payment.transaction", "account.payment")
        before = {model: self.env[model].sudo().search_count([]) for model in counted}
        self.authenticate("sec_resident", "sec_resident")
        for url in (
            "/my/bills",
            f"/my/bills/receipt/{payment.id}",
            "/my/bills/statement?date_from=2026-01-01&date_to=2026-12-31",
        ):
            self.assertEqual(self.url_open(url).status_code, 200, url)
            refused = self.opener.post(
                self.base_url() + url, data={"x": "1"}, allow_redirects=False
            )
            self.assertEqual(refused.status_code, 405, url)
        after = {model: self.env[model].sudo().search_count([]) for model in counted}
        self.assertEqual(after, before)
