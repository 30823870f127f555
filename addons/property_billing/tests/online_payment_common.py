import json

from odoo.exceptions import UserError


class OnlinePaymentJourneys:
    """The journeys every online payment provider offers residents, end to
    end: a bill paid in the portal, all overdue bills at once, a proxy payer
    paying a parent's bill, a QR code scanned at the counter. A provider's glue
    module mixes them into its test case, before ``BillingCase`` and
    ``HttpCase``, and says how its provider is set up (``_setup_provider``),
    how a payer pays at it (``_pay_at_provider``), what it was asked at the
    counter (``_assert_counter_order``) and how it is paid without telling
    Odoo (``_pay_without_notification``)."""

    login_prefix = None  # the test residents' logins start with it
    # Odoo's test loader runs only the test methods a class defines itself,
    # unless told otherwise: the journeys are defined here.
    allow_inherited_tests_method = True

    @classmethod
    def _create_company(cls, **create_values):
        """A company keeping its books in yuan, as the Chinese providers take
        only CNY."""
        cny = cls.env.ref("base.CNY")
        cny.active = True
        return super()._create_company(**{"currency_id": cny.id, **create_values})

    @classmethod
    def _setup_provider(cls):
        """The provider, published in the test company, and its method."""
        raise NotImplementedError

    def _pay_at_provider(self, transaction):
        """The payer pays ``transaction``; the provider notifies Odoo."""
        raise NotImplementedError

    def _assert_counter_order(self, transaction, amount):
        """The provider was asked for a QR code of ``amount`` yuan."""
        raise NotImplementedError

    def _pay_without_notification(self, transaction):
        raise NotImplementedError

    def _assert_no_order(self):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.provider, cls.method = cls._setup_provider()
        # Archived by default; enabled once a provider offers it.
        cls.method.active = True
        cls.resident = cls._portal_user(f"{cls.login_prefix}_resident")
        cls.parent = cls._portal_user(f"{cls.login_prefix}_parent")
        cls.child = cls._portal_user(f"{cls.login_prefix}_child")
        cls.unit_r = cls._create_unit("1201", 80.0, cls.resident.partner_id)
        cls.unit_p = cls._create_unit("1202", 120.0, cls.parent.partner_id)
        # sudo: set as staff would; the child pays for the parent.
        cls.parent.partner_id.sudo().property_proxy_payer_id = cls.child.partner_id
        cls._create_contract(unit=cls.unit_r)
        cls._create_contract(unit=cls.unit_p)
        run = cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        )
        run.action_run()
        moves = run.move_ids
        cls.bill_r = moves.filtered(lambda m: m.property_unit_id == cls.unit_r)
        cls.bill_p = moves.filtered(lambda m: m.property_unit_id == cls.unit_p)

    def _sign_in(self, who):
        login = f"{self.login_prefix}_{who}"
        self.authenticate(login, login)
        return login

    def _start(self, route, amount, **params):
        response = self.url_open(
            route,
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 0,
                    "params": {
                        "provider_id": self.provider.id,
                        "payment_method_id": self.method.id,
                        "token_id": None,
                        "amount": amount,
                        "flow": "redirect",
                        "tokenization_requested": False,
                        "landing_route": "/my/bills",
                        **params,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        reference = response.json()["result"]["reference"]
        # sudo: the test reads what the request created.
        Transaction = self.env["payment.transaction"].sudo()
        return Transaction.search([("reference", "=", reference)])

    def assertPaidAndReceipted(self, transaction, bills, payer, login):
        self.assertEqual(transaction.state, "done")
        self.assertEqual(set(bills.mapped("payment_state")), {"paid"})
        payment = transaction.payment_id
        self.assertEqual(payment.partner_id, payer)
        self.assertEqual(payment.reconciled_invoice_ids, bills)
        self.assertBalanced(payment.move_id)
        self.assertEqual(payment._property_receipt_method(), self.provider.name)
        self.authenticate(login, login)
        receipt = self.url_open(f"/my/bills/receipt/{payment.id}")
        self.assertEqual(receipt.status_code, 200)
        self.assertEqual(receipt.headers["Content-Type"], "application/pdf")

    def test_resident_pays_a_bill_online(self):
        login = self._sign_in("resident")
        bills = self.url_open("/my/bills").text
        self.assertIn(self.bill_r.name, bills)
        page = self.url_open(self.bill_r.get_portal_url()).text
        self.assertIn(f'data-provider-id="{self.provider.id}"', page)
        transaction = self._start(
            f"/invoice/transaction/{self.bill_r.id}",
            self.bill_r.amount_residual,
            access_token=self.bill_r._portal_ensure_token(),
        )
        self._pay_at_provider(transaction)
        self.assertPaidAndReceipted(
            transaction, self.bill_r, self.resident.partner_id, login
        )

    def test_resident_pays_all_overdue_bills_at_once(self):
        login = self._sign_in("resident")
        transaction = self._start(
            "/invoice/transaction/overdue",
            self.bill_r.amount_residual,
            payment_reference=self.bill_r.name,
        )
        self.assertEqual(transaction.invoice_ids, self.bill_r)
        self._pay_at_provider(transaction)
        self.assertPaidAndReceipted(
            transaction, self.bill_r, self.resident.partner_id, login
        )

    def test_proxy_payer_pays_the_parents_bill(self):
        login = self._sign_in("child")
        transaction = self._start(
            f"/invoice/transaction/{self.bill_p.id}",
            self.bill_p.amount_residual,
            access_token=self.bill_p._portal_ensure_token(),
        )
        self._pay_at_provider(transaction)
        # The payment is the parent's, so that the parent's statement shows it.
        self.assertPaidAndReceipted(
            transaction, self.bill_p, self.parent.partner_id, login
        )

    def test_resident_scans_at_the_counter(self):
        wizard = self.env["property.counter.payment"].create(
            {
                "unit_id": self.unit_r.id,
                "journal_id": self.company_data["default_journal_cash"].id,
            }
        )
        self.assertIn(self.provider, wizard.qr_provider_ids)
        wizard.qr_provider_id = self.provider
        wizard.action_show_qr()
        transaction = wizard.qr_transaction_id
        self._assert_counter_order(transaction, 200)
        self.assertIn("barcode_type=QR", wizard.qr_image_url)
        with self.assertRaisesRegex(UserError, "Not paid yet"):
            wizard.action_check_qr()
        self._pay_without_notification(transaction)
        # No notification reached Odoo: checking asks the provider.
        action = wizard.action_check_qr()
        self.assertEqual(
            action["report_name"], "property_billing.report_property_receipt"
        )
        self.assertEqual(self.bill_r.payment_state, "paid")
        self.assertEqual(transaction.payment_id.reconciled_invoice_ids, self.bill_r)

    def test_counter_qr_refuses_more_than_is_due(self):
        wizard = self.env["property.counter.payment"].create(
            {
                "unit_id": self.unit_r.id,
                "journal_id": self.company_data["default_journal_cash"].id,
                "qr_provider_id": self.provider.id,
            }
        )
        wizard.amount = wizard.amount_due + 1
        with self.assertRaisesRegex(UserError, "at most what is due"):
            wizard.action_show_qr()
        self._assert_no_order()
