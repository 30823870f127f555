from odoo import Command
from odoo.tests import freeze_time, tagged

from odoo.addons.property_billing.tests.common import BillingCase


@tagged("post_install", "-at_install")
class TestApprovedFeeChange(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_contract()
        cls.january = cls._run_at("2026-01-01").move_ids

    @classmethod
    def _run_at(cls, date):
        run = cls.env["property.billing.run"].create(
            {"date": date, "company_id": cls.company.id}
        )
        run.action_run()
        return run

    def _vote(self):
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
                            "fee_type_id": self.fee_area.id,
                            "name": "Property fee",
                            "current_rate": 2.5,
                            "proposed_rate": 2.8,
                        }
                    )
                ],
            }
        )
        vote.action_open()
        return vote

    def test_fee_type_link(self):
        vote = self._vote()
        line = vote.rate_ids
        self.assertEqual(
            (line.res_model, line.res_id), ("property.fee.type", self.fee_area.id)
        )
        self.assertEqual(line.fee_type_id, self.fee_area)

    def test_approved_change_reaches_invoices_from_its_date_only(self):
        vote = self._vote()
        with freeze_time("2026-03-10"):
            vote.ballot_ids.action_record_yes()
        with freeze_time("2026-04-01"):
            vote.action_close()
        self.assertEqual(vote.result, "approved")
        rate = self.fee_area.rate_ids.filtered(
            lambda r: str(r.date_from) == "2026-05-01"
        )
        self.assertEqual(rate.rate, 2.8)
        self.assertIn(vote.name, rate.note)
        april = self._run_at("2026-04-01").move_ids
        self.assertEqual(sum(april.mapped("amount_total")), 250.0 * 3)  # Feb-Apr
        may = self._run_at("2026-05-01").move_ids
        self.assertEqual(may.amount_total, 280.0)
        self.assertEqual(self.january.amount_total, 250.0)  # issued: unchanged

    def test_rejected_change_changes_nothing(self):
        vote = self._vote()
        with freeze_time("2026-03-10"):
            vote.ballot_ids.action_record_no()
        with freeze_time("2026-04-01"):
            vote.action_close()
        self.assertNotEqual(vote.result, "approved")
        self.assertEqual(len(self.fee_area.rate_ids), 1)
