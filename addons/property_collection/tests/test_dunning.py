import ast
import gc
import io
import zipfile
from datetime import date, timedelta
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.property_base.tools import rows
from odoo.addons.property_billing.tests.common import BillingCase

DUE = date(2026, 1, 16)  # the January bill's due date


@tagged("post_install", "-at_install")
class TestDunning(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.company.property_dunning_firm_amount = 1000.0
        cls.template = cls.env.ref("property_collection.mail_template_dunning_message")
        cls.collector = new_test_user(
            cls.env,
            login="dunning_collector",
            groups="property_base.group_property_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.collector.property_community_ids = cls.community
        cls.gentle = cls._policy(
            "gentle",
            [
                ("Reminder", "overdue", 7, "message"),
                ("Call", "overdue", 30, "phone"),
                ("Visit", "previous", 10, "visit"),
                ("Demand", "previous", 10, "demand_letter"),
                ("Legal", "previous", 10, "legal"),
            ],
        )
        cls.standard = cls._policy("standard", [("Reminder", "overdue", 3, "message")])
        cls.firm = cls._policy(
            "firm",
            [("Reminder", "overdue", 1, "message"), ("Visit", "overdue", 5, "visit")],
        )
        cls.owner.write(
            {"email": "zhang.wei@example.com", "property_contact_channel": "email"}
        )
        cls.contract_name = cls._create_contract().name
        run = cls.env["property.billing.run"].create(
            {"date": "2026-01-01", "company_id": cls.company.id}
        )
        run.action_run()
        cls.bill = run.move_ids

    @classmethod
    def _policy(cls, segment, levels):
        return cls.env["property.dunning.policy"].create(
            {
                "name": segment.title(),
                "segment": segment,
                "company_id": cls.company.id,
                "level_ids": [
                    Command.create(
                        {
                            "sequence": index,
                            "name": name,
                            "trigger": trigger,
                            "days": days,
                            "action": action,
                            "template_id": cls.template.id
                            if action == "message"
                            else False,
                        }
                    )
                    for index, (name, trigger, days, action) in enumerate(levels)
                ],
            }
        )

    def _dun(self, when):
        run = self.env["property.dunning.run"]._for_date(self.company, when)
        run.action_run()
        return run

    def _case(self, partner=None):
        return self.env["property.dunning.case"].search(
            [("partner_id", "=", (partner or self.owner).id)], order="id desc", limit=1
        )

    def _pay(self, bill, when, amount=None):
        values = {"payment_date": when}
        if amount:
            values["amount"] = amount
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create(values)._create_payments()

    def _bill(self, partner, amount, due, invoice_date=None):
        bill = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date or due - timedelta(days=15),
                "invoice_date_due": due,
                "property_unit_id": self.unit.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount}
                    )
                ],
            }
        )
        bill.action_post()
        return bill

    # ------------------------------------------------------------------
    def test_segments_and_their_explanation(self):
        self._dun(DUE + timedelta(days=3))
        self.assertEqual(self.owner.property_dunning_segment, "gentle")
        self.assertIn(
            "rare and short delays", self.owner.property_dunning_segment_reason
        )
        self.assertIn("0 bill(s) paid late", self.owner.property_dunning_segment_reason)
        # Large arrears: firm.
        big = self.env["res.partner"].create({"name": "王芳"})
        self._bill(big, 1200.0, DUE)
        # Two bills paid 40 days late this year, one overdue now: firm.
        chronic = self.env["res.partner"].create({"name": "刘洋"})
        for month in (3, 5):
            late = self._bill(chronic, 100.0, date(2025, month, 10))
            self._pay(late, date(2025, month, 10) + timedelta(days=40))
        self._bill(chronic, 100.0, DUE)
        # One bill paid 40 days late: occasional delays.
        occasional = self.env["res.partner"].create({"name": "陈静"})
        late = self._bill(occasional, 100.0, date(2025, 6, 10))
        self._pay(late, date(2025, 7, 20))
        self._bill(occasional, 100.0, DUE)
        self._dun(DUE + timedelta(days=4))
        self.assertEqual(big.property_dunning_segment, "firm")
        self.assertIn("Large arrears", big.property_dunning_segment_reason)
        self.assertEqual(chronic.property_dunning_segment, "firm")
        self.assertIn("3 late bills", chronic.property_dunning_segment_reason)
        self.assertEqual(occasional.property_dunning_segment, "standard")
        self.assertIn(
            "at most 40 days late", occasional.property_dunning_segment_reason
        )
        self.assertEqual(self._case(big).policy_id, self.firm)
        self.assertEqual(self._case(occasional).policy_id, self.standard)

    def test_bills_unpaid_count_as_bills_paid_late(self):
        """A payer who never paid late only because nothing was ever paid:
        five bills overdue make them a chronic payer, not a good one."""
        unpaid = self.env["res.partner"].create({"name": "赵敏"})
        for week in range(5):
            self._bill(unpaid, 50.0, DUE - timedelta(days=7 * week))
        self._dun(DUE + timedelta(days=49))
        self.assertEqual(unpaid.property_dunning_segment, "firm")
        reason = unpaid.property_dunning_segment_reason
        self.assertIn("5 bill(s) overdue now", reason)
        self.assertIn("5 late bills", reason)

    def test_manager_override_needs_a_reason(self):
        with self.assertRaisesRegex(ValidationError, "give the reason"):
            self.owner.property_dunning_policy_id = self.firm
        self.owner.write(
            {
                "property_dunning_policy_id": self.firm.id,
                "property_dunning_override_reason": "Refused to pay for two years",
            }
        )
        self._dun(DUE + timedelta(days=1))
        self.assertEqual(self._case().policy_id, self.firm)
        self.assertEqual(self._case().level_id.name, "Reminder")

    def test_archived_payer_keeps_the_manager_policy(self):
        self.owner.write(
            {
                "property_dunning_policy_id": self.firm.id,
                "property_dunning_override_reason": "Moved out, refuses to pay",
            }
        )
        self.owner.action_archive()
        self._dun(DUE + timedelta(days=1))
        self.assertEqual(self._case().policy_id, self.firm)

    def test_escalation_timeline_and_idempotence(self):
        self._dun(DUE + timedelta(days=6))
        case = self._case()
        self.assertTrue(case)
        self.assertFalse(case.level_id)
        self._dun(DUE + timedelta(days=7))
        self.assertEqual(case.level_id.name, "Reminder")
        messages = case.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.owner in m.partner_ids
        )
        self.assertEqual(len(messages), 1)
        self.assertIn("250.00", messages.body)
        # Run twice the same day: nothing escalates twice.
        second = self._dun(DUE + timedelta(days=7))
        self.assertEqual(second.state, "done")
        self.assertEqual(len(case.event_ids.filtered(lambda e: e.kind == "level")), 1)
        self._dun(DUE + timedelta(days=29))
        self.assertEqual(case.level_id.name, "Reminder")
        self._dun(DUE + timedelta(days=30))
        self.assertEqual(case.level_id.name, "Call")
        call = case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(len(call), 1)
        # Days after the previous level, one level per run.
        self._dun(DUE + timedelta(days=39))
        self.assertEqual(case.level_id.name, "Call")
        self._dun(DUE + timedelta(days=40))
        self.assertEqual(case.level_id.name, "Visit")

    def test_demand_letter_and_legal(self):
        case = None
        for day in (7, 30, 40, 50):
            self._dun(DUE + timedelta(days=day))
            case = self._case()
        self.assertEqual(case.level_id.name, "Demand")
        letter = case.event_ids.filtered(lambda e: e.action == "demand_letter")
        self.assertEqual(letter.delivery_state, "pending")
        self.assertTrue(letter.attachment_id)
        self.assertEqual(letter.attachment_id.res_id, case.id)
        self._dun(DUE + timedelta(days=60))
        self.assertEqual((case.state, case.level_id.name), ("legal", "Legal"))
        events = len(case.event_ids)
        self._dun(DUE + timedelta(days=200))
        self.assertEqual(len(case.event_ids), events)

    def test_partial_payment_credit_note_and_closure(self):
        self._dun(DUE + timedelta(days=7))
        case = self._case()
        self.assertEqual(case.amount_due, 250.0)
        self._pay(self.bill, DUE + timedelta(days=8), amount=100.0)
        self._dun(DUE + timedelta(days=8))
        self.assertEqual(case.amount_due, 150.0)
        refund = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=self.bill.ids)
            .create(
                {
                    "reason": "Service not delivered",
                    "journal_id": self.bill.journal_id.id,
                }
            )
        )
        refund.refund_moves()
        credit_note = self.env["account.move"].search(
            [("reversed_entry_id", "=", self.bill.id)]
        )
        credit_note.invoice_line_ids.price_unit = 50.0
        credit_note.action_post()
        self._dun(DUE + timedelta(days=9))
        self.assertEqual(case.amount_due, 100.0)
        self._pay(self.bill, DUE + timedelta(days=10))
        self._dun(DUE + timedelta(days=10))
        self.assertEqual(case.state, "closed")
        self.assertIn("closed", case.event_ids.mapped("kind"))

    @freeze_time("2026-01-23")
    def test_promise_kept_and_broken(self):
        self._dun(DUE + timedelta(days=7))
        case = self._case()
        with self.assertRaisesRegex(UserError, "today or later"):
            case.action_promise(date(2020, 1, 1))
        case.action_promise(DUE + timedelta(days=60), 250.0)
        self._dun(DUE + timedelta(days=30))
        self.assertEqual(case.level_id.name, "Reminder")  # paused
        skip = case.event_ids.filtered(lambda e: e.kind == "skip")
        self.assertIn("Promised to pay", skip.note)
        self._dun(DUE + timedelta(days=61))
        self.assertIn("promise_broken", case.event_ids.mapped("kind"))
        self.assertFalse(case.promise_date)
        self.assertEqual(case.level_id.name, "Call")
        # A kept promise closes the case.
        case.action_promise(DUE + timedelta(days=90))
        self._pay(self.bill, DUE + timedelta(days=70))
        self._dun(DUE + timedelta(days=71))
        self.assertEqual(case.state, "closed")
        self.assertIn("promise_kept", case.event_ids.mapped("kind"))

    @freeze_time("2026-01-23")
    def test_each_kind_of_hold(self):
        self._dun(DUE + timedelta(days=7))
        case = self._case()
        with self.assertRaisesRegex(ValidationError, "reason and an end date"):
            case.write({"hold_type": "dispute"})
        with self.assertRaisesRegex(UserError, "today or later"):
            case.action_hold("manager", "Family emergency", date(2020, 1, 1))
        for hold_type in ("dispute", "installment", "manager"):
            case.action_hold(
                hold_type, f"Reason {hold_type}", DUE + timedelta(days=400)
            )
            self._dun(DUE + timedelta(days=31))
            self.assertEqual(case.level_id.name, "Reminder")
            skip = case.event_ids.filtered(
                lambda e: e.kind == "skip" and e.date == DUE + timedelta(days=31)
            )
            self.assertIn(f"Reason {hold_type}", skip.note)
            skip.unlink()
        # The hold ends on its date, is logged, and escalation resumes.
        case.hold_until = DUE + timedelta(days=31)
        self._dun(DUE + timedelta(days=32))
        self.assertIn("hold_end", case.event_ids.mapped("kind"))
        self.assertFalse(case.hold_type)
        self.assertEqual(case.level_id.name, "Call")
        self.assertEqual(case.amount_due, 250.0)  # the debt stands

    def test_only_lawful_actions_exist(self):
        actions = dict(self.env["property.dunning.level"]._fields["action"].selection)
        self.assertEqual(
            set(actions), {"message", "phone", "visit", "demand_letter", "legal"}
        )
        level = self.gentle.level_ids[0]
        for unlawful in ("cut_water", "cut_power", "lock_access"):
            with self.assertRaises(ValueError):
                level.write({"action": unlawful})
        with self.assertRaisesRegex(ValidationError, "choose its template"):
            level.template_id = False

    def test_new_case_opens_at_its_first_step(self):
        """A payer's first run opens the case with its policy and first level
        at once; a segment without a policy is skipped, once a day."""
        big = self.env["res.partner"].create(
            {"name": "王芳", "property_contact_channel": "paper"}
        )
        self._bill(big, 1200.0, DUE)
        self.gentle.unlink()  # the owner's segment has no policy now
        run = self._dun(DUE + timedelta(days=5))
        case = self._case(big)
        self.assertRecordValues(
            case,
            [
                {
                    "state": "open",
                    "segment": "firm",
                    "policy_id": self.firm.id,
                    "level_id": self.firm.level_ids[0].id,
                    "level_date": DUE + timedelta(days=5),
                    "amount_due": 1200.0,
                }
            ],
        )
        self.assertRecordValues(
            case.event_ids,
            [
                {
                    "kind": "level",
                    "run_id": run.id,
                    "action": "message",
                    "channel": "paper",
                    "delivery_state": "pending",
                    "amount_due": 1200.0,
                }
            ],
        )
        owner_case = self._case()
        self.assertFalse(owner_case.level_id)
        self.assertFalse(owner_case.policy_id)
        self.assertEqual(owner_case.event_ids.mapped("kind"), ["skip"])
        self.assertIn("No dunning policy", owner_case.event_ids.note)
        self._dun(DUE + timedelta(days=5))
        self.assertEqual(len(owner_case.event_ids), 1)
        self.assertEqual(len(case.event_ids), 1)

    def test_batch_writes_its_rows_in_one_copy_each(self):
        payers = self.env["res.partner"].create(
            [
                {"name": f"业主 {i}", "property_contact_channel": "paper"}
                for i in range(3)
            ]
        )
        for partner in payers:
            self._bill(partner, 120.0, DUE)
        self.owner.property_contact_channel = "paper"  # the same step for all
        copied = []
        copy_rows = rows._copy_rows

        def spy(model, fields, vals_list):
            copied.append((model._name, len(vals_list)))
            return copy_rows(model, fields, vals_list)

        with patch.object(rows, "_copy_rows", spy):
            self._dun(DUE + timedelta(days=7))
        self.assertEqual(
            copied,
            [
                ("property.dunning.case", 4),
                ("property.notification", 4),
                ("property.dunning.event", 4),
            ],
        )
        cases = self.env["property.dunning.case"].search(
            [("partner_id", "in", (payers | self.owner).ids)]
        )
        self.assertEqual(cases.mapped("state"), ["open"] * 4)
        self.assertEqual([case.level_id.name for case in cases], ["Reminder"] * 4)
        self.assertEqual(len(cases.event_ids), 4)
        self.assertEqual(
            [step.notification_id.state for step in cases.event_ids],
            ["to_deliver"] * 4,
        )
        self.assertTrue(all(case.name.startswith("DC/") for case in cases))

    def _stored(self, records, skip=("id", "name")):
        names = [
            name
            for name, field in records._fields.items()
            if field.store and name not in skip
        ]
        records.invalidate_recordset()
        return [{name: record[name] for name in names} for record in records]

    def test_cases_and_steps_in_batch_as_created_one_by_one(self):
        """What a run writes by COPY is what ``create`` writes: the same
        columns, defaults, numbering; the history a case showed before shows
        the new step after."""
        Case = self.env["property.dunning.case"]
        others = self.env["res.partner"].create([{"name": "周杰"}, {"name": "吴敏"}])
        vals = {
            "company_id": self.company.id,
            "community_id": self.community.id,
            "amount_due": 1234.5,
            "oldest_due_date": DUE,
            "segment": "firm",
            "segment_reason": "第一行\n\t第二行 \\N",
            "level_id": self.firm.level_ids[0].id,
            "level_date": DUE + timedelta(days=7),
        }
        created = Case.create({**vals, "partner_id": others[0].id})
        batch = Case.with_context(tracking_disable=True)._create_in_batch(
            [{**vals, "partner_id": others[1].id}]
        )
        self.assertNotEqual(batch.name, created.name)
        self.assertEqual(
            self._stored(batch, ("id", "name", "partner_id")),
            self._stored(created, ("id", "name", "partner_id")),
        )
        self.assertEqual(batch.event_ids, self.env["property.dunning.event"])
        Event = self.env["property.dunning.event"]
        step = {
            "run_id": False,
            "kind": "level",
            "date": DUE + timedelta(days=7),
            "note": "已电话提醒",
            "user_id": self.env.uid,
            "level_id": self.firm.level_ids[0].id,
            "action": "message",
            "amount_due": 1234.5,
            "channel": "paper",
            "delivery_state": "pending",
        }
        one = Event.create({**step, "case_id": created.id})
        inserted = rows.insert_rows(Event, [{**step, "case_id": batch.id}])
        self.assertEqual(
            self._stored(inserted, ("id", "case_id")),
            self._stored(one, ("id", "case_id")),
        )
        self.assertEqual(batch.event_ids, inserted)

    def test_cases_in_batch_are_checked(self):
        Case = self.env["property.dunning.case"].with_context(tracking_disable=True)
        vals = {"partner_id": self.owner.id, "company_id": self.company.id}
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Case._create_in_batch([{**vals, "hold_type": "manager"}])
        other_community = self.env["property.community"].create(
            {"name": "松山苑", "code": "SSY", "company_id": self.company.id}
        )
        staff_there = new_test_user(
            self.env,
            login="dunning_staff_elsewhere",
            groups="property_base.group_property_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        staff_there.property_community_ids = other_community
        case = Case.create({**vals, "community_id": self.community.id})
        step = {"case_id": case.id, "kind": "outcome", "date": DUE, "note": "上门"}
        Event = self.env["property.dunning.event"]
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            rows.insert_rows(Event.with_user(staff_there), [step])
        self.assertFalse(case.event_ids)
        self.assertEqual(
            rows.insert_rows(Event.with_user(self.collector), [step]).case_id, case
        )

    def test_case_opened_meanwhile_is_assessed_as_open(self):
        """A case opened after the batch looked (another worker, a fee
        dispute): the batch opens the other payers' cases and escalates that
        one as an open case, without a second case."""
        other = self.env["res.partner"].create(
            {"name": "孙丽", "property_contact_channel": "paper"}
        )
        self._bill(other, 120.0, DUE)
        Case = self.env["property.dunning.case"]
        meanwhile = Case.create(
            {"partner_id": self.owner.id, "company_id": self.company.id}
        )
        Run = type(self.env["property.dunning.run"])
        open_cases = Run._open_cases
        looks = []

        def late_look(run, partners):
            looks.append(partners)
            found = open_cases(run, partners)
            return found - meanwhile if len(looks) == 1 else found

        with patch.object(Run, "_open_cases", late_look), mute_logger("odoo.sql_db"):
            self._dun(DUE + timedelta(days=7))
        self.assertEqual(len(looks), 2)
        self.assertEqual(Case.search_count([("partner_id", "=", self.owner.id)]), 1)
        self.assertEqual(meanwhile.level_id.name, "Reminder")
        self.assertEqual(self._case(other).level_id.name, "Reminder")
        self.assertEqual(len(self._case(other).event_ids), 1)

    def test_batch_pauses_the_garbage_collector(self):
        Run = type(self.env["property.dunning.run"])
        assess = Run._assess
        collecting = []

        def spy(run, overdue):
            collecting.append(gc.isenabled())
            return assess(run, overdue)

        with patch.object(Run, "_assess", spy):
            self._dun(DUE + timedelta(days=7))
        self.assertEqual(collecting, [False])
        self.assertTrue(gc.isenabled())
        # A batch that fails gives the collector back too.
        with (
            patch.object(Run, "_assess", side_effect=ValueError("boom")),
            self.assertRaises(ValueError),
        ):
            self._dun(DUE + timedelta(days=8))
        self.assertTrue(gc.isenabled())

    def test_one_open_case_per_payer(self):
        self._dun(DUE + timedelta(days=7))
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["property.dunning.case"].create(
                {"partner_id": self.owner.id, "company_id": self.company.id}
            )

    def test_collectors_see_their_communities_only(self):
        self._dun(DUE + timedelta(days=7))
        Case = self.env["property.dunning.case"].with_user(self.collector)
        self.assertEqual(Case.search([]), self._case())
        other = self.env["property.community"].create(
            {"name": "Other", "code": "OTH2", "company_id": self.company.id}
        )
        self.collector.property_community_ids = other
        self.assertFalse(Case.search([]))
        self.assertFalse(
            self.env["property.dunning.event"].with_user(self.collector).search([])
        )

    def test_outcome_wizard(self):
        self._dun(DUE + timedelta(days=7))
        case = self._case()
        self.env["property.dunning.case.action"].create(
            {
                "case_id": case.id,
                "kind": "outcome",
                "outcome": "absent",
                "note": "敲门无人",
            }
        ).action_confirm()
        outcome = self.env["property.dunning.event"].search(
            [("case_id", "=", case.id), ("kind", "=", "outcome")]
        )
        self.assertEqual((outcome.outcome, outcome.note), ("absent", "敲门无人"))

    @freeze_time("2026-01-24")
    def test_scheduled_run_finishes_in_batches(self):
        Run = self.env["property.dunning.run"]
        Run._cron_run(batch_size=1)
        run = Run.search(
            [("company_id", "=", self.company.id), ("date", "=", "2026-01-24")]
        )
        self.assertEqual(run.state, "running")
        self.assertEqual(self._case().level_id.name, "Reminder")
        Run._cron_run(batch_size=1)
        self.assertEqual(run.state, "done")
        Run._cron_run(batch_size=1)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            Run.create({"company_id": self.company.id, "date": "2026-01-24"})
        self.assertEqual(
            Run.search_count(
                [("company_id", "=", self.company.id), ("date", "=", "2026-01-24")]
            ),
            1,
        )
        self.assertEqual(len(self._case().event_ids), 1)

    def test_firm_thresholds_are_settings(self):
        self.env["res.config.settings"].create(
            {
                "property_dunning_firm_amount": 200.0,
                "property_dunning_firm_late_count": 5,
            }
        ).execute()
        self.assertEqual(self.company.property_dunning_firm_amount, 200.0)
        self._dun(DUE + timedelta(days=1))
        self.assertEqual(self.owner.property_dunning_segment, "firm")

    def test_evidence_pack_contents(self):
        for day in (7, 30, 40, 50, 60):
            self._dun(DUE + timedelta(days=day))
        case = self._case()
        self.assertEqual(case.state, "legal")
        case.action_record_outcome("refused", "拒绝缴费，称不满意绿化")
        receipt = self.env["ir.attachment"].create(
            {"name": "EMS回执.jpg", "raw": b"receipt"}
        )
        self.env["property.dunning.case.action"].create(
            {
                "case_id": case.id,
                "kind": "delivery",
                "delivery_state": "delivered",
                "proof_ids": [Command.set(receipt.ids)],
            }
        ).action_confirm()
        letter = case.event_ids.filtered(lambda e: e.action == "demand_letter")
        self.assertEqual(letter.delivery_state, "delivered")
        self.assertEqual(letter.proof_ids, receipt)
        action = case.action_evidence_pack()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        with zipfile.ZipFile(io.BytesIO(attachment.raw)) as archive:
            names = archive.namelist()
            dossier = archive.read("02_dunning_dossier.pdf").decode()
            statement = archive.read("01_statement_of_account.pdf").decode()
        self.assertEqual(
            names,
            [
                "01_statement_of_account.pdf",
                "02_dunning_dossier.pdf",
                "03_demand_letter_1.pdf",
                "03_delivery_proof_1_EMS回执.jpg",
            ],
        )
        # Rendered as HTML in tests: check what the documents say.
        self.assertIn(self.bill.name, statement)
        self.assertIn("拒绝缴费", dossier)
        self.assertIn(self.contract_name, dossier)
        self.assertIn("Demand", dossier)
        self.assertIn("your property fees are overdue", dossier)

    def test_delivery_needs_a_letter_and_a_proof(self):
        self._dun(DUE + timedelta(days=7))
        case = self._case()
        with self.assertRaisesRegex(UserError, "No demand letter"):
            case.action_record_delivery("delivered", self.env["ir.attachment"])
        for day in (30, 40, 50):
            self._dun(DUE + timedelta(days=day))
        with self.assertRaisesRegex(UserError, "proof of delivery"):
            case.action_record_delivery("delivered", self.env["ir.attachment"])

    def test_paper_notice_is_listed_printed_and_delivered(self):
        self.owner.property_contact_channel = "paper"
        self._dun(DUE + timedelta(days=7))
        case = self._case()
        notice = case.event_ids.filtered(lambda e: e.kind == "level")
        self.assertEqual(
            (notice.action, notice.channel, notice.delivery_state),
            ("message", "paper", "pending"),
        )
        self.assertFalse(case.activity_ids)  # a list to deliver, not a to-do each
        # The collector lists, prints and marks it delivered.
        Event = self.env["property.dunning.event"].with_user(self.collector)
        action = self.env.ref("property_collection.property_dunning_notice_action")
        listed = Event.search(
            [*ast.literal_eval(action.domain), ("delivery_state", "=", "pending")]
        )
        self.assertEqual(listed, notice)
        self.assertEqual(listed.unit_id, self.unit)
        self.assertIn("250.00", listed.notice_html)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.collector)
            ._render_qweb_html(
                "property_collection.action_report_dunning_notice", listed.ids
            )
        )
        self.assertIn("250.00", html.decode())
        self.assertIn(self.owner.name, html.decode())
        listed.action_mark_delivered()
        self.assertEqual(notice.delivery_state, "delivered")

    def test_notice_texts_in_each_payers_language(self):
        """The run writes its notices' texts with what it looks up once per
        language and level: the same text and values as one notice alone."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["property_collection"], ["zh_CN"], overwrite=True
        )
        chinese = self.env["res.partner"].create(
            {"name": "李娜", "lang": "zh_CN", "property_contact_channel": "phone"}
        )
        self._bill(chinese, 1234567.5, DUE)
        self.owner.property_contact_channel = "paper"
        self._dun(DUE + timedelta(days=7))
        texts = {}
        for partner in (self.owner, chinese):
            case = self._case(partner)
            notification = case.event_ids.notification_id
            self.assertEqual(notification.state, "to_deliver")
            self.assertEqual(notification.body_text, case._sms_body(case.level_id))
            self.assertEqual(notification.params, case._params(case.level_id))
            texts[partner] = notification.body_text
        self.assertTrue(texts[self.owner].startswith(f"Dear {self.owner.name},"))
        self.assertIn("250.00", texts[self.owner])
        self.assertTrue(texts[chinese].startswith("尊敬的李娜"))
        case = self._case(chinese)
        self.assertGreater(case.amount_due, 1000000)  # grouped thousands
        amount = case.currency_id.with_context(lang="zh_CN").format(case.amount_due)
        self.assertIn(amount, texts[chinese])

    def test_notices_not_delivered_are_withdrawn(self):
        self.owner.property_contact_channel = "paper"
        self._dun(DUE + timedelta(days=7))
        reminder = self._case().event_ids.filtered(lambda e: e.kind == "level")
        self._dun(DUE + timedelta(days=30))  # the call replaces the notice
        self.assertEqual(reminder.delivery_state, "withdrawn")
        other = self.env["res.partner"].create(
            {"name": "赵敏", "property_contact_channel": "phone"}
        )
        bill = self._bill(other, 80.0, DUE + timedelta(days=30))
        self._dun(DUE + timedelta(days=37))
        notice = self._case(other).event_ids.filtered(lambda e: e.kind == "level")
        self.assertEqual(notice.delivery_state, "pending")
        self._pay(bill, DUE + timedelta(days=38))
        self._dun(DUE + timedelta(days=38))  # paid: nothing left to deliver
        self.assertEqual(notice.delivery_state, "withdrawn")

    def test_only_notices_are_marked_delivered_without_proof(self):
        for day in (7, 30, 40, 50):
            self._dun(DUE + timedelta(days=day))
        letter = self._case().event_ids.filtered(lambda e: e.action == "demand_letter")
        with self.assertRaisesRegex(UserError, "proof"):
            letter.action_mark_delivered()
        self.assertEqual(letter.delivery_state, "pending")

    def test_segment_is_kept_on_the_case(self):
        self._dun(DUE + timedelta(days=7))
        case = self._case()
        self.assertEqual(case.segment, "gentle")
        self.assertEqual(
            case.segment_reason, self.owner.property_dunning_segment_reason
        )
        # Unchanged facts: the next run does not write the segment again.
        Case = type(case)
        written = []

        def spy(records, vals):
            written.append(set(vals))
            return original(records, vals)

        original = Case.write
        with patch.object(Case, "write", spy):
            self._dun(DUE + timedelta(days=8))
        self.assertFalse([fnames for fnames in written if "segment" in fnames])
        # New facts: it does.
        self._pay(self.bill, DUE + timedelta(days=9), amount=10.0)
        self._bill(self.owner, 1200.0, DUE + timedelta(days=1))
        with patch.object(Case, "write", spy):
            self._dun(DUE + timedelta(days=10))
        self.assertTrue([fnames for fnames in written if "segment" in fnames])
        self.assertEqual(case.segment, "firm")
        self.owner.invalidate_recordset()
        self.assertIn("Large arrears", self.owner.property_dunning_segment_reason)

    def test_case_numbers_come_from_the_sequence(self):
        Sequence = self.env["ir.sequence"]
        names = Sequence._property_next_by_code_many("property.dunning.case", 3)
        self.assertEqual(len(set(names)), 3)
        one_by_one = Sequence.next_by_code("property.dunning.case")
        prefix = one_by_one.rsplit("/", 1)[0]
        self.assertEqual({name.rsplit("/", 1)[0] for name in names}, {prefix})
        self.assertEqual({len(name) for name in names}, {len(one_by_one)})
        numbers = [int(name.rsplit("/", 1)[1]) for name in names]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)))
        self.assertEqual(int(one_by_one.rsplit("/", 1)[1]), numbers[-1] + 1)
        # A sequence with yearly ranges: one by one, the same numbers.
        sequence = self.env.ref("property_collection.seq_property_dunning_case")
        sequence.use_date_range = True
        ranged = Sequence._property_next_by_code_many("property.dunning.case", 2)
        self.assertEqual(len(set(ranged)), 2)
        self.assertTrue(all(name.startswith(prefix) for name in ranged))
        self.assertEqual(
            Sequence._property_next_by_code_many("property.dunning.case", 0), []
        )
        # Numbered on copies: a caller retrying after a clash draws new numbers.
        vals_list = [{"partner_id": self.owner.id, "company_id": self.company.id}]
        self.env["property.dunning.case"].create(vals_list)
        self.assertNotIn("name", vals_list[0])

    def test_run_queries_do_not_grow_with_payers(self):
        """The run's hot path: a fixed number of queries per batch, whatever
        the number of payers in it."""

        def payers(count, tag, due):
            partners = self.env["res.partner"].create(
                [
                    {"name": f"业主 {tag}{i}", "property_contact_channel": "paper"}
                    for i in range(count)
                ]
            )
            for partner in partners:
                self._bill(partner, 120.0, due)
            return partners

        def queries(when):
            run = self.env["property.dunning.run"]._for_date(self.company, when)
            self.env.flush_all()
            self.env.invalidate_all()
            count = self.env.cr.sql_log_count
            run.action_run()
            self.env.flush_all()
            return self.env.cr.sql_log_count - count

        # The same work at two sizes: 4 payers reach their first step on one
        # day, 12 others the next day.
        payers(3, "a", DUE)
        few = queries(DUE + timedelta(days=7))
        payers(12, "b", DUE + timedelta(days=1))
        many = queries(DUE + timedelta(days=8))
        events = self.env["property.dunning.event"].search([("kind", "=", "level")])
        self.assertEqual(len(events), 16)
        self.assertEqual(len(events.filtered(lambda e: e.date.day == 24)), 12)
        self.assertLessEqual(many, few + 3)
        # One aggregate query per batch for the payers' overdue bills.
        with self.assertQueryCount(30):
            self.env["property.dunning.run"]._for_date(
                self.company, DUE + timedelta(days=9)
            ).action_run()
