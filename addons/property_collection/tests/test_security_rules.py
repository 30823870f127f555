from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time

from odoo.addons.property_billing.tests.common import CommunityRulesCase


class TestCollectionRules(CommunityRulesCase):
    """Staff of one community never reach another community's collection
    records, and do only what their role allows."""

    def test_staff_see_late_fee_waivers_of_their_communities_only(self):
        Waiver = self.env["property.late.fee.waiver"]
        waiver_a, waiver_b = Waiver.create(
            [
                {"move_id": invoice.id, "amount": 1.0, "reason": "Hospitalised"}
                for invoice in (self.invoice_a, self.invoice_b)
            ]
        )
        self.assertEqual(waiver_b.community_id, self.community_b)
        self.assertEqual(
            Waiver.with_user(self.staff_a).search(
                [("id", "in", (waiver_a | waiver_b).ids)]
            ),
            waiver_a,
        )
        with self.assertRaises(AccessError):
            waiver_b.with_user(self.staff_a).read(["reason"])
        with self.assertRaises(AccessError):
            Waiver.with_user(self.staff_a).create(
                {"move_id": self.invoice_a.id, "amount": 1.0, "reason": "Friend"}
            )

    def test_staff_do_not_run_dunning(self):
        run = self.env["property.dunning.run"].create(
            {"company_id": self.company.id, "date": "2026-03-01"}
        )
        with self.assertRaises(AccessError):
            run.with_user(self.staff_a).action_run()
        self.assertEqual(run.state, "draft")

    def test_only_who_registers_payments_settles_installments(self):
        clerk = self._staff_user(
            "rules_no_invoicing",
            self.community,
            groups="property_base.group_property_user",
        )
        with self.assertRaises(AccessError):
            self.owner.with_user(clerk)._property_pay_installments()
        self.owner.with_user(self.staff_a)._property_pay_installments()

    @freeze_time("2026-01-10")
    def test_approved_installment_terms_do_not_change(self):
        agreement = self.env["property.installment.agreement"].create(
            {
                "partner_id": self.owner.id,
                "community_id": self.community.id,
                "reason": "illness",
                "move_ids": [Command.set(self.invoice_a.ids)],
                "installment_count": 2,
                "first_date": "2026-01-15",
            }
        )
        agreement.with_user(self.staff_a).write({"grace_days": 15})
        agreement.action_submit()
        agreement.action_approve()
        # Waived late fees would be waived as superuser once it completes.
        for values in ({"waive_late_fees": True}, {"grace_days": 90}):
            with self.assertRaises(UserError):
                agreement.with_user(self.staff_a).write(values)
        self.assertFalse(agreement.waive_late_fees)
        self.assertEqual(agreement.grace_days, 15)
