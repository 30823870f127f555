from odoo import Command
from odoo.exceptions import AccessError

from .common import CommunityRulesCase


class TestCommunityRules(CommunityRulesCase):
    """Staff of one community never reach another community's billing."""

    # ------------------------------------------------------------------
    # Billing records of a community
    # ------------------------------------------------------------------
    def test_staff_read_and_write_contract_items_of_their_communities_only(self):
        Line = self.env["property.fee.contract.line"].with_user(self.staff_a)
        lines = (self.contract_a | self.contract_b).line_ids
        self.assertEqual(
            Line.search([("id", "in", lines.ids)]), self.contract_a.line_ids
        )
        with self.assertRaises(AccessError):
            self.contract_b.line_ids.with_user(self.staff_a).read(["discount"])
        with self.assertRaises(AccessError):
            self.contract_b.line_ids.with_user(self.staff_a).write({"discount": 100})
        with self.assertRaises(AccessError):
            Line.create(
                {"contract_id": self.contract_b.id, "fee_type_id": self.fee_area.id}
            )
        self.contract_a.line_ids.with_user(self.staff_a).write({"discount": 10})
        self.assertEqual(self.contract_a.line_ids.discount, 10)
        self.assertEqual(self.contract_b.line_ids.discount, 0)

    def test_staff_see_skipped_contracts_of_their_communities_only(self):
        no_payer_a = self._create_contract(
            unit=self._create_unit("0901", 80.0, self.owner)
        )
        no_payer_b = self._create_contract(
            unit=self._create_unit("0901", 80.0, self.owner_b, building=self.building_b)
        )
        (no_payer_a | no_payer_b).partner_id = False
        run = self._run("2026-02-01")
        self.assertEqual(run.log_ids.contract_id, no_payer_a | no_payer_b)
        Log = self.env["property.billing.run.log"].with_user(self.staff_a)
        self.assertEqual(Log.search([("run_id", "=", run.id)]).contract_id, no_payer_a)
        with self.assertRaises(AccessError):
            run.log_ids.filtered(lambda log: log.contract_id == no_payer_b).with_user(
                self.staff_a
            ).read(["reason"])
        self.assertEqual(run.with_user(self.staff_a).skipped_count, 1)

    # ------------------------------------------------------------------
    # Invoices, journal items and payments
    # ------------------------------------------------------------------
    def test_entries_carry_their_community(self):
        self.assertEqual(self.invoice_a.property_community_id, self.community)
        self.assertEqual(self.invoice_b.property_community_id, self.community_b)
        counter = self._payment(self.owner_b, 10.0, property_unit_id=self.unit_b.id)
        online = self._payment(
            self.owner_b, 20.0, invoice_ids=[Command.set(self.invoice_b.ids)]
        )
        self.assertEqual(counter.property_community_id, self.community_b)
        self.assertEqual(online.property_community_id, self.community_b)
        credit_note = self.invoice_b._reverse_moves()
        self.assertEqual(credit_note.property_community_id, self.community_b)

    def test_staff_with_invoicing_see_entries_of_their_communities_only(self):
        payment_a = self._payment(self.owner, 10.0, property_unit_id=self.unit.id)
        payment_b = self._payment(self.owner_b, 10.0, property_unit_id=self.unit_b.id)
        online_b = self._payment(
            self.owner_b, 20.0, invoice_ids=[Command.set(self.invoice_b.ids)]
        )
        unrelated = self._payment(self.partner_a, 5.0)
        invoices = self.invoice_a | self.invoice_b
        payments = payment_a | payment_b | online_b | unrelated
        entries = invoices | payments.move_id
        self.assertEqual(len(payments.move_id), 4)

        staff = self.staff_a
        Move = self.env["account.move"].with_user(staff)
        self.assertEqual(
            Move.search([("id", "in", entries.ids)]),
            self.invoice_a | payment_a.move_id | unrelated.move_id,
        )
        with self.assertRaises(AccessError):
            self.invoice_b.with_user(staff).read(["amount_total"])
        with self.assertRaises(AccessError):
            payment_b.move_id.with_user(staff).read(["amount_total"])
        lines = self.env["account.move.line"].with_user(staff)
        self.assertEqual(
            lines.search([("move_id", "in", entries.ids)]).move_id,
            self.invoice_a | payment_a.move_id | unrelated.move_id,
        )
        with self.assertRaises(AccessError):
            self.invoice_b.line_ids.with_user(staff).read(["balance"])
        Payment = self.env["account.payment"].with_user(staff)
        self.assertEqual(
            Payment.search([("id", "in", payments.ids)]), payment_a | unrelated
        )
        with self.assertRaises(AccessError):
            online_b.with_user(staff).read(["amount"])
        with self.assertRaises(AccessError):
            self.invoice_b.with_user(staff).write({"ref": "mine now"})

        # Staff without a community see the entries of no community only.
        nowhere = self._staff_user(
            "rules_staff_nowhere", self.env["property.community"]
        )
        self.assertEqual(
            self.env["account.move"]
            .with_user(nowhere)
            .search([("id", "in", entries.ids)]),
            unrelated.move_id,
        )

    def test_staff_with_invoicing_see_transfers_and_online_payments_of_theirs(self):
        bank = self.company_data["default_journal_bank"]
        transfers = self.env["account.bank.statement.line"].create(
            [
                {
                    "journal_id": bank.id,
                    "date": "2026-01-05",
                    "amount": invoice.amount_total,
                    "payment_ref": f"Fees {invoice.name}",
                    "property_move_id": invoice.id,
                }
                for invoice in (self.invoice_a, self.invoice_b)
            ]
        )
        transfer_a, transfer_b = transfers
        unmatched = self.env["account.bank.statement.line"].create(
            {"journal_id": bank.id, "date": "2026-01-05", "amount": 1.0}
        )
        Transfer = self.env["account.bank.statement.line"].with_user(self.staff_a)
        self.assertEqual(
            Transfer.search([("id", "in", (transfers | unmatched).ids)]),
            transfer_a | unmatched,
        )
        with self.assertRaises(AccessError):
            transfer_b.with_user(self.staff_a).read(["amount"])
        Move = self.env["account.move"].with_user(self.staff_a)
        self.assertEqual(
            Move.search([("statement_line_id", "in", transfers.ids)]),
            transfer_a.move_id,
        )

        provider, method = self._online_provider()
        transactions = self.env["payment.transaction"].create(
            [
                {
                    "provider_id": provider.id,
                    "payment_method_id": method.id,
                    "amount": invoice.amount_total,
                    "currency_id": self.company.currency_id.id,
                    "partner_id": invoice.partner_id.id,
                    "reference": f"RULES-{invoice.name}",
                    "invoice_ids": [Command.set(invoice.ids)],
                }
                for invoice in (self.invoice_a, self.invoice_b)
            ]
        )
        Transaction = self.env["payment.transaction"].with_user(self.staff_a)
        self.assertEqual(
            Transaction.search([("id", "in", transactions.ids)]), transactions[0]
        )
        with self.assertRaises(AccessError):
            transactions[1].with_user(self.staff_a).read(["amount"])

    def test_accountants_managers_and_others_see_every_community(self):
        payment_b = self._payment(self.owner_b, 10.0, property_unit_id=self.unit_b.id)
        entries = self.invoice_a | self.invoice_b | payment_b.move_id
        users = [
            self._staff_user(
                f"rules_{group}",
                self.community,
                groups=f"property_base.group_property_user,account.{group}",
            )
            for group in (
                "group_account_readonly",
                "group_account_user",
                "group_account_manager",
            )
        ]
        users.append(
            self._staff_user(
                "rules_manager",
                self.env["property.community"],
                groups="property_base.group_property_manager,"
                "account.group_account_invoice",
            )
        )
        users.append(
            self._staff_user(
                "rules_not_property",
                self.env["property.community"],
                groups="base.group_user,account.group_account_invoice",
            )
        )
        for user in users:
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.env["account.move"]
                    .with_user(user)
                    .search([("id", "in", entries.ids)]),
                    entries,
                )
                self.assertEqual(
                    self.env["account.move.line"]
                    .with_user(user)
                    .search([("move_id", "in", entries.ids)])
                    .move_id,
                    entries,
                )
                self.assertEqual(
                    self.env["account.payment"]
                    .with_user(user)
                    .search([("id", "=", payment_b.id)]),
                    payment_b,
                )

    def test_staff_counter_payment_of_their_community(self):
        payment = self._payment(self.owner, 250.0, property_unit_id=self.unit.id)
        payment = payment.with_user(self.staff_a)
        self.assertEqual(payment.property_community_id, self.community)
        (self.invoice_a.with_user(self.staff_a))._property_apply_credit()
        self.assertEqual(self.invoice_a.payment_state, "paid")
