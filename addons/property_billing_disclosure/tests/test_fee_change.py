import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from odoo.addons.property_billing.tests.common import BillingCase

# What a scanned paper ballot looks like to the upload check.
PROOF = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)


@tagged("post_install", "-at_install")
class TestApprovedFeeChange(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community_b, building_b = cls._create_community("Osmanthus Court", "OSC")
        cls.owner_b = cls.env["res.partner"].create({"name": "李娜"})
        unit_b = cls._create_unit("0101", 90.0, cls.owner_b, building=building_b)
        cls.contract_a = cls._create_contract()
        cls.contract_b = cls._create_contract(unit=unit_b)
        cls.january = cls._run_at("2026-01-01").move_ids
        cls.manager = cls._staff_user(
            "fee_change_manager",
            cls.env["property.community"],
            groups="property_base.group_property_manager",
        )
        cls.staff = cls._staff_user("fee_change_staff", cls.community)

    @classmethod
    def _run_at(cls, date):
        run = cls.env["property.billing.run"].create(
            {"date": date, "company_id": cls.company.id}
        )
        run.action_run()
        return run

    def _billed(self, date):
        """``(amount billed in A, amount billed in B)`` by a run on ``date``."""
        moves = self._run_at(date).move_ids
        return tuple(
            sum(
                moves.filtered(
                    lambda m, c=contract: m.property_contract_id == c
                ).mapped("amount_total")
            )
            for contract in (self.contract_a, self.contract_b)
        )

    def _vote(self, fee_type=None, choice="yes"):
        """A fee-change vote of community A revising ``fee_type``, voted by its
        owner, closed by the manager."""
        vote = self.env["property.vote"].create(
            {
                "name": "物业费调整 (fee revision)",
                "community_id": self.community.id,
                "matter_id": self.env.ref(
                    "property_disclosure.vote_matter_fee_change"
                ).id,
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
                "effective_date": "2026-05-01",
                "rate_ids": [
                    Command.create(
                        {
                            "fee_type_id": (fee_type or self.fee_area).id,
                            "name": "Property fee",
                            "current_rate": 2.5,
                            "proposed_rate": 2.8,
                        }
                    )
                ],
            }
        )
        vote.action_open()
        with freeze_time("2026-03-10 09:00:00"):
            for ballot in vote.ballot_ids:
                self.env["property.vote.ballot.record"].create(
                    {
                        "ballot_id": ballot.id,
                        "choice": choice,
                        "channel": "paper",
                        "cast_at": "2026-03-10 08:00:00",
                        "proof": PROOF,
                        "proof_filename": "ballot.png",
                    }
                ).action_confirm()
        with freeze_time("2026-04-01"):
            vote.with_user(self.manager).action_close()
        return vote

    def _vote_rates(self, vote):
        return self.env["property.fee.rate"].search([("vote_id", "=", vote.id)])

    def test_fee_type_link(self):
        line = self._vote().rate_ids
        self.assertEqual(
            (line.res_model, line.res_id), ("property.fee.type", self.fee_area.id)
        )
        self.assertEqual(line.fee_type_id, self.fee_area)

    def test_manager_applies_approved_rates_to_the_vote_community(self):
        vote = self._vote()
        self.assertEqual(vote.result, "approved")
        self.assertFalse(self._vote_rates(vote), "closing applies nothing")
        vote.with_user(self.manager).action_apply_fee_change()
        rate = self._vote_rates(vote)
        self.assertEqual(
            (rate.fee_type_id, rate.community_id, str(rate.date_from), rate.rate),
            (self.fee_area, self.community, "2026-05-01", 2.8),
        )
        self.assertIn(vote.name, rate.note)
        self.assertTrue(vote.fee_change_applied)
        # 100 m² in A, 90 m² in B: A's new rate from May only, B's never.
        self.assertEqual(self._billed("2026-04-01"), (250.0 * 3, 225.0 * 3))
        self.assertEqual(self._billed("2026-05-01"), (280.0, 225.0))
        self.assertEqual(self.january.mapped("amount_total"), [250.0, 225.0])
        self.assertEqual(self.fee_area.rate, 2.5)  # company-wide: unchanged

    def test_staff_cannot_apply(self):
        vote = self._vote()
        with self.assertRaises(AccessError):
            vote.with_user(self.staff).action_apply_fee_change()
        # Nor through the hook: the rates are created with the user's rights.
        with self.assertRaises(AccessError):
            vote.with_user(self.staff)._apply_approved_fee_change()
        self.assertFalse(self._vote_rates(vote))
        self.assertFalse(vote.fee_change_applied)

    def test_second_apply_adds_nothing(self):
        vote = self._vote()
        vote.with_user(self.manager).action_apply_fee_change()
        rates = self.fee_area.rate_ids
        with self.assertRaises(UserError):
            vote.with_user(self.manager).action_apply_fee_change()
        vote.with_user(self.manager)._apply_approved_fee_change()
        self.assertEqual(self.fee_area.rate_ids, rates)

    def test_rate_of_that_community_and_date_is_not_overwritten(self):
        vote = self._vote()
        own = self.env["property.fee.rate"].create(
            {
                "fee_type_id": self.fee_area.id,
                "community_id": self.community.id,
                "date_from": "2026-05-01",
                "rate": 3.0,
            }
        )
        with self.assertRaisesRegex(UserError, "already has a rate"):
            vote.with_user(self.manager).action_apply_fee_change()
        self.assertEqual(own.rate, 3.0)
        self.assertFalse(self._vote_rates(vote))
        self.assertFalse(vote.fee_change_applied)

    def test_fee_item_of_another_company_is_refused(self):
        other_company = self.setup_other_company()["company"]
        foreign_fee = (
            self.env["property.fee.type"]
            .with_company(other_company)
            .create(
                {
                    "name": "Foreign fee",
                    "basis": "area",
                    "product_id": self.product.id,
                    "company_id": other_company.id,
                }
            )
        )
        vote = self._vote(fee_type=foreign_fee)
        with self.assertRaisesRegex(UserError, "not a fee item of"):
            vote.with_user(self.manager).action_apply_fee_change()
        self.assertFalse(self._vote_rates(vote))

    def test_rates_of_a_vote_are_locked(self):
        vote = self._vote()
        vote.with_user(self.manager).action_apply_fee_change()
        rate = self._vote_rates(vote).with_user(self.manager)
        with self.assertRaises(UserError):
            rate.write({"rate": 3.5})
        with self.assertRaises(UserError):
            rate.unlink()
        Rate = self.env["property.fee.rate"].with_user(self.manager)
        values = {
            "fee_type_id": self.fee_area.id,
            "community_id": self.community.id,
            "date_from": "2026-06-01",
            "rate": 9.9,
        }
        with self.assertRaises(UserError):
            Rate.create({**values, "vote_id": vote.id})
        with self.assertRaises(UserError):
            Rate.with_context(default_vote_id=vote.id).create(values)
        plain = Rate.create(values)
        with self.assertRaises(UserError):
            plain.write({"vote_id": vote.id})
        self.assertEqual(self._vote_rates(vote), rate)
        self.assertEqual(rate.rate, 2.8)

    def test_rejected_change_changes_nothing(self):
        vote = self._vote(choice="no")
        self.assertNotEqual(vote.result, "approved")
        with self.assertRaises(UserError):
            vote.with_user(self.manager).action_apply_fee_change()
        self.assertEqual(len(self.fee_area.rate_ids), 1)
