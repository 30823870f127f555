import base64

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time
from odoo.tools import mute_logger

from odoo.addons.property_base.tools import with_server_flag
from odoo.addons.property_disclosure.models.property_vote import _meets
from odoo.addons.property_disclosure.tools import BALLOT_CAST

from .common import PROOF, DisclosureCase


class TestVoteArithmetic(DisclosureCase):
    """Thresholds of Civil Code art. 278, exactly at and around each one."""

    def _verdict(self, matter, **figures):
        vote = self._create_vote(matter=matter)
        return vote._verdict(
            {
                "total_area": 30000,
                "voted_area": 20000,
                "yes_area": 15000,
                "total_heads": 3,
                "voted_heads": 2,
                "yes_heads": 2,
                **figures,
            }
        )

    def test_meets(self):
        self.assertTrue(_meets(2, 3, 2, 3, False))
        self.assertFalse(_meets(2, 3, 2, 3, True))
        self.assertFalse(_meets(1, 2, 1, 2, True))
        self.assertTrue(_meets(3, 4, 3, 4, False))
        self.assertFalse(_meets(0, 0, 1, 2, False))

    def test_participation_at_least_two_thirds_of_area_and_owners(self):
        cases = [
            ({"voted_area": 20000}, True),  # exactly 2/3 of 300 m²
            ({"voted_area": 19999}, False),  # 0.01 m² short
            ({"voted_area": 20001}, True),
            ({"voted_heads": 1, "yes_heads": 1}, False),  # 1 of 3 owners
        ]
        for figures, met in cases:
            with self.subTest(figures=figures):
                verdict = self._verdict(self.matter_ordinary, **figures)
                self.assertEqual(
                    verdict["participation_area"] and verdict["participation_heads"],
                    met,
                )
                if not met:
                    self.assertEqual(verdict["result"], "no_quorum")
        # 200 of 300 owners is exactly 2/3, 199 is not.
        verdict = self._verdict(
            self.matter_ordinary, total_heads=300, voted_heads=200, yes_heads=150
        )
        self.assertTrue(verdict["participation_heads"])
        verdict = self._verdict(
            self.matter_ordinary, total_heads=300, voted_heads=199, yes_heads=150
        )
        self.assertFalse(verdict["participation_heads"])
        self.assertEqual(verdict["result"], "no_quorum")

    def test_ordinary_approval_needs_more_than_half(self):
        cases = [
            ({"yes_area": 10000}, False),  # exactly half of 200 m²: not enough
            ({"yes_area": 10001}, True),
            ({"yes_area": 9999}, False),
        ]
        for figures, approved in cases:
            with self.subTest(figures=figures):
                verdict = self._verdict(self.matter_ordinary, **figures)
                self.assertEqual(verdict["approval_area"], approved)
                self.assertEqual(
                    verdict["result"], "approved" if approved else "rejected"
                )
        for voted, yes, approved in ((4, 2, False), (4, 3, True), (5, 3, True)):
            with self.subTest(voted=voted, yes=yes):
                verdict = self._verdict(
                    self.matter_ordinary,
                    total_heads=6,
                    voted_heads=voted,
                    yes_heads=yes,
                    yes_area=15000,
                )
                self.assertEqual(verdict["approval_heads"], approved)

    def test_fund_use_needs_three_quarters(self):
        cases = [
            ({"yes_area": 15000}, True),  # exactly 3/4 of 200 m²
            ({"yes_area": 14999}, False),
            ({"yes_area": 15001}, True),
        ]
        for figures, approved in cases:
            with self.subTest(figures=figures):
                verdict = self._verdict(self.matter_fund, **figures)
                self.assertEqual(verdict["approval_area"], approved)
        for voted, yes, approved in ((4, 3, True), (8, 5, False), (8, 6, True)):
            with self.subTest(voted=voted, yes=yes):
                verdict = self._verdict(
                    self.matter_fund,
                    total_heads=12,
                    voted_heads=voted,
                    yes_heads=yes,
                )
                self.assertEqual(verdict["approval_heads"], approved)

    def test_thresholds_are_configurable(self):
        self.matter_ordinary.write({"approval_numerator": 2, "approval_denominator": 3})
        self.assertFalse(
            self._verdict(self.matter_ordinary, yes_area=13333)["approval_area"]
        )
        self.assertTrue(
            self._verdict(self.matter_ordinary, yes_area=13334)["approval_area"]
        )
        with self.assertRaisesRegex(ValidationError, "fraction between 0 and 1"):
            self.matter_ordinary.approval_numerator = 4


class TestVote(DisclosureCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.community_v = cls.env["property.community"].create(
            {"name": "Vote Garden", "code": "VG", "company_id": cls.company.id}
        )
        building = cls._create_building(cls.community_v, "V")
        Partner = cls.env["res.partner"]
        cls.owner_1, cls.owner_2, cls.owner_3, cls.co_owner = Partner.create(
            [{"name": "王芳"}, {"name": "李强"}, {"name": "赵敏"}, {"name": "王磊"}]
        )
        cls.unit_1 = cls._create_unit(building, "0101", 100.0)
        cls.unit_2 = cls._create_unit(building, "0102", 100.0)
        cls.unit_3 = cls._create_unit(building, "0103", 100.0)
        cls.unit_4 = cls._create_unit(building, "0104", 50.0)
        cls.parking = cls._create_unit(building, "P01", 12.5, unit_type="parking")
        cls._create_unit(building, "0105", 80.0)  # no owner: no ballot
        cls._occupy(cls.unit_1, cls.owner_1, "owner", 60)
        cls._occupy(cls.unit_1, cls.co_owner, "owner", 40)
        cls._occupy(cls.unit_2, cls.owner_2, "owner", 100)
        cls._occupy(cls.unit_3, cls.owner_3, "owner", 100)
        # Owner 3 owns two units: one head.
        cls._occupy(cls.unit_4, cls.owner_3, "owner", 100)
        cls._occupy(cls.parking, cls.owner_2, "owner", 100)
        cls.staff_x.property_community_ids |= cls.community_v

    def _vote(self, matter=None, **values):
        vote = self._create_vote(community=self.community_v, matter=matter, **values)
        vote.action_open()
        return vote

    def _ballot(self, vote, unit):
        return vote.ballot_ids.filtered(lambda b: b.unit_id == unit)

    def test_one_ballot_per_unit_with_an_owner(self):
        vote = self._vote()
        self.assertEqual(vote.state, "open")
        self.assertEqual(
            vote.ballot_ids.unit_id,
            self.unit_1 | self.unit_2 | self.unit_3 | self.unit_4,
        )
        self.assertEqual(vote.total_area, 350.0)
        self.assertEqual(vote.total_heads, 3)
        # The co-owner with the larger share votes by default.
        self.assertEqual(self._ballot(vote, self.unit_1).voter_id, self.owner_1)
        ballot_vals = {
            "vote_id": vote.id,
            "unit_id": self.parking.id,
            "area": 12.5,
            "voter_id": self.owner_2.id,
        }
        with self.assertRaisesRegex(UserError, "none can be added otherwise"):
            self.env["property.vote.ballot"].create(ballot_vals)
        with self.assertRaisesRegex(UserError, "none can be added afterwards"):
            with_server_flag(self.env["property.vote.ballot"], BALLOT_CAST).create(
                ballot_vals
            )
        with self.assertRaisesRegex(UserError, "announced to the owners"):
            vote.rate_ids.create(
                {
                    "vote_id": vote.id,
                    "name": "Parking fee",
                    "current_rate": 1,
                    "proposed_rate": 2,
                }
            )
        with self.assertRaisesRegex(UserError, "announced to the owners"):
            vote.update_field_translations("name", {"en_US": "Something else"})
        # The database holds one ballot per unit and vote, whoever writes.
        draft = self._create_vote(community=self.community_v)
        Ballot = with_server_flag(self.env["property.vote.ballot"], BALLOT_CAST)
        ballot_vals = {
            "vote_id": draft.id,
            "unit_id": self.unit_2.id,
            "area": 100,
            "voter_id": self.owner_2.id,
        }
        Ballot.create(ballot_vals)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            Ballot.create(ballot_vals)

    def test_co_owners_designate_one_voter(self):
        vote = self._vote()
        ballot = self._ballot(vote, self.unit_1)
        ballot.voter_id = self.co_owner
        self.assertEqual(ballot.voter_id, self.co_owner)
        with self.assertRaisesRegex(ValidationError, "not a current owner"):
            ballot.voter_id = self.owner_2
        self._record_ballot(ballot, "yes", cast_at="2026-03-05 08:00:00")
        with self.assertRaisesRegex(UserError, "before the ballot is cast"):
            ballot.voter_id = self.owner_1

    def test_paper_ballot_records_who_when_how_and_the_proof(self):
        vote = self._vote()
        ballot = self._ballot(vote, self.unit_1)
        Record = self.env["property.vote.ballot.record"].with_user(self.staff_x)
        values = {
            "ballot_id": ballot.id,
            "choice": "no",
            "channel": "meeting",
            "cast_at": "2026-03-12 19:30:00",
            "proof_filename": "ballot.png",
        }
        with freeze_time("2026-03-14 10:00:00"):
            wizard = Record.create(values)
            # The designated voter by default; any owner of the unit may sign.
            self.assertEqual(wizard.voter_id, self.owner_1)
            with self.assertRaisesRegex(UserError, "needs its proof"):
                wizard.action_confirm()
            wizard.proof = base64.b64encode(b"<svg onload='alert(1)'></svg>")
            with self.assertRaisesRegex(UserError, "not a JPEG"):
                wizard.action_confirm()
            wizard.proof = PROOF
            wizard.voter_id = self.owner_2
            with self.assertRaisesRegex(UserError, "did not own unit"):
                wizard.action_confirm()
            wizard.voter_id = self.co_owner
            for cast_at, message in (
                ("2026-03-14 10:30:00", "in the future"),
                ("2026-02-28 12:00:00", "not open for voting on 2026-02-28"),
            ):
                with self.subTest(cast_at=cast_at):
                    wizard.cast_at = cast_at
                    with self.assertRaisesRegex(UserError, message):
                        wizard.action_confirm()
            self.assertFalse(ballot.choice)
            wizard.cast_at = "2026-03-12 19:30:00"
            wizard.action_confirm()
        self.assertEqual(ballot.choice, "no")
        self.assertEqual(ballot.channel, "meeting")
        self.assertEqual(str(ballot.cast_at), "2026-03-12 19:30:00")
        self.assertEqual(ballot.cast_by_id, self.co_owner)
        # The co-owner who signed now votes for the unit.
        self.assertEqual(ballot.voter_id, self.co_owner)
        self.assertEqual(ballot.recorded_by_id, self.staff_x)
        self.assertEqual(ballot.proof, PROOF)
        self.assertEqual(ballot.proof_filename, "ballot.png")

    def test_ballot_is_cast_once_within_the_period(self):
        vote = self._vote()
        ballot = self._ballot(vote, self.unit_2)
        with freeze_time("2026-04-02"):
            for day in ("2026-02-28 12:00:00", "2026-04-01 12:00:00"):
                with (
                    self.subTest(day=day),
                    self.assertRaisesRegex(UserError, "not open"),
                ):
                    self._record_ballot(ballot, "yes", cast_at=day)
            # Collected on the last day, recorded before the vote is closed.
            self._record_ballot(ballot, "no", cast_at="2026-03-31 20:00:00")
            self.assertEqual(ballot.choice, "no")
            self.assertEqual(ballot.channel, "paper")
            self.assertEqual(ballot.recorded_by_id, self.env.user)
            with self.assertRaisesRegex(UserError, "already cast"):
                self._record_ballot(ballot, "yes", cast_at="2026-03-31 21:00:00")
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                self._ballot(vote, self.unit_3).write({"choice": "yes"})
            with self.assertRaisesRegex(UserError, "yes, no or abstain"):
                self._ballot(vote, self.unit_3)._cast("maybe", "portal", self.owner_3)
        self.assertEqual(ballot.choice, "no")

    def test_cast_ballot_is_final(self):
        vote = self._vote()
        ballot = self._ballot(vote, self.unit_2)
        self._record_ballot(ballot, "yes")
        for values in (
            {"choice": "no"},
            {"area": 1000.0},
            {"cast_at": "2026-03-11 08:00:00"},
            {"proof": False},
            {"unit_id": self.unit_3.id},
        ):
            with self.subTest(values=values):
                for env in (self.env, self.env(user=self.staff_x)):
                    with self.assertRaisesRegex(UserError, "cannot be written"):
                        ballot.with_env(env).write(values)
                    # A context key a client may send switches nothing off.
                    with self.assertRaisesRegex(UserError, "cannot be written"):
                        ballot.with_env(env).with_context(
                            property_vote_cast=True
                        ).write(values)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            ballot.unlink()
        self.assertEqual((ballot.choice, ballot.area), ("yes", 100.0))
        self.assertEqual(vote.yes_area, 100.0)

    def test_vote_result_and_state_are_not_written_directly(self):
        vote = self._vote()
        staff_vote = vote.with_user(self.staff_x)
        for values in (
            {"state": "closed"},
            {"result": "approved"},
            {"result_explanation": "Approved by everyone"},
            {"closed_at": "2026-04-01 00:00:00"},
            {"fee_change_applied": True},
            {"yes_area": 350.0},
            {"state": "draft", "date_end": "2026-12-31"},
        ):
            for record in (
                vote,
                staff_vote,
                staff_vote.with_context(
                    property_vote_cast=True, property_vote_action=True
                ),
            ):
                with (
                    self.subTest(values=values, user=record.env.user.login),
                    self.assertRaisesRegex(UserError, "cannot be written directly"),
                ):
                    record.write(values)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.env["property.vote"].with_user(self.staff_x).create(
                {
                    "name": "Decided already",
                    "community_id": self.community_v.id,
                    "matter_id": self.matter_ordinary.id,
                    "date_end": "2026-03-31",
                    "state": "published",
                    "result": "approved",
                }
            )
        # Nor through the defaults a client may put in the context.
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self._create_vote(community=self.community_v).with_context(
                default_state="closed", default_result="approved"
            ).copy()
        self.assertEqual((vote.state, vote.result), ("open", False))

    def test_count_and_explained_result(self):
        vote = self._vote()
        with freeze_time("2026-03-10 12:00:00"):
            self._record_ballot(self._ballot(vote, self.unit_1), "yes")
            self._record_ballot(self._ballot(vote, self.unit_2), "no")
            # Owner 3: yes for the large unit, no for the small one; their
            # head follows the larger unit.
            self._record_ballot(self._ballot(vote, self.unit_3), "yes")
            self._record_ballot(self._ballot(vote, self.unit_4), "no")
            with self.assertRaisesRegex(UserError, "until 2026-03-31"):
                vote.with_user(self.manager).action_close()
        self.assertEqual(vote.voted_area, 350.0)
        self.assertEqual(vote.yes_area, 200.0)
        self.assertEqual(vote.voted_heads, 3)
        self.assertEqual(vote.yes_heads, 2)
        with freeze_time("2026-04-01"):
            vote.with_user(self.manager).action_close()
        self.assertEqual(vote.state, "closed")
        self.assertEqual(vote.result, "approved")
        explanation = vote.result_explanation
        self.assertIn(
            "Participation by area: 350.00 of 350.00 m² (100.00 %)", explanation
        )
        self.assertIn(
            "Approval by area: 200.00 of 350.00 participating m² (57.14 %), needed "
            "more than 1/2: met.",
            explanation,
        )
        self.assertIn("Approval by owners: 2 of 3 participating owners", explanation)
        vote.with_user(self.staff_x).action_publish_result()
        self.assertEqual(vote.state, "published")
        with self.assertRaisesRegex(UserError, "announced"):
            vote.name = "Changed"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            vote.unlink()

    def test_staff_cannot_close_manager_closes_after_the_end(self):
        vote = self._vote()
        with freeze_time("2026-04-01"):
            with self.assertRaisesRegex(AccessError, "Only a property manager"):
                vote.with_user(self.staff_x).action_close()
            self.assertEqual(vote.state, "open")
            vote.with_user(self.manager).action_close()
        self.assertEqual(vote.state, "closed")
        self.assertEqual(vote.result, "no_quorum")
        with self.assertRaisesRegex(UserError, "not open for voting"):
            vote.with_user(self.manager).action_close()

    def test_scheduled_action_closes_votes_past_their_last_day(self):
        ended = self._vote()
        running = self._vote(date_end="2026-04-30")
        cron = self.env.ref("property_disclosure.property_vote_cron_close_expired")
        with freeze_time("2026-03-31 12:00:00"):
            cron.method_direct_trigger()
        self.assertEqual((ended.state, running.state), ("open", "open"))
        with freeze_time("2026-04-01 01:00:00"):
            cron.method_direct_trigger()
        self.assertEqual(ended.state, "closed")
        self.assertEqual(ended.result, "no_quorum")
        self.assertTrue(ended.closed_at)
        self.assertEqual(running.state, "open")

    def test_actions_of_another_community_are_refused(self):
        vote = self._create_vote(community=self.community_y)
        self._occupy(self.unit_y1, self.resident_b.partner_id, "owner", 100)
        with self.assertRaises(AccessError):
            vote.with_user(self.staff_x).action_open()
        vote.action_open()
        ballot = vote.ballot_ids
        staff_vote = vote.with_user(self.staff_x)
        for action in ("action_publish_result", "action_cancel"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(staff_vote, action)()
        with self.assertRaises(AccessError):
            self.env["property.vote.ballot.record"].with_user(self.staff_x).create(
                {
                    "ballot_id": ballot.id,
                    "choice": "yes",
                    "cast_at": "2026-03-10 08:00:00",
                    "proof": PROOF,
                }
            ).action_confirm()
        with self.assertRaises(AccessError):
            ballot.with_user(self.staff_x).action_record()
        with self.assertRaises(AccessError):
            ballot.with_user(self.resident_a)._cast_by_voter("yes")
        with freeze_time("2026-04-01"), self.assertRaises(AccessError):
            staff_vote.action_close()
        self.assertEqual(vote.state, "open")
        self.assertFalse(ballot.choice)

    def test_fee_change_waits_for_a_manager_to_apply_it(self):
        vote = self._create_vote(community=self.community_v, matter=self.matter_fee)
        with self.assertRaisesRegex(UserError, "current and proposed rates"):
            vote.action_open()
        with self.assertRaisesRegex(ValidationError, "before the owners have voted"):
            self._fee_vote(
                community_id=self.community_v.id, effective_date="2026-03-31"
            )
        vote = self._fee_vote(community_id=self.community_v.id)
        vote.action_open()
        self.assertEqual(vote.rate_ids.change_rate, 12.0)
        with self.assertRaisesRegex(UserError, "announced to the owners"):
            vote.rate_ids.update_field_translations("name", {"en_US": "Other"})
        with self.assertRaisesRegex(UserError, "closed fee-change vote"):
            vote.with_user(self.manager).action_apply_fee_change()
        self._record_ballot(vote.ballot_ids, "yes")
        with freeze_time("2026-04-01"):
            vote.with_user(self.manager).action_close()
        self.assertEqual(vote.result, "approved")
        # Closing hands nothing over: the rates wait for a manager.
        self.assertFalse(vote.fee_change_applied)
        self.assertIn("wait for a property manager", vote.message_ids.mapped("body")[0])
        with self.assertRaisesRegex(AccessError, "Only a property manager"):
            vote.with_user(self.staff_x).action_apply_fee_change()
        self.assertFalse(vote.fee_change_applied)
        vote.with_user(self.manager).action_apply_fee_change()
        self.assertTrue(vote.fee_change_applied)
        self.assertIn("Approved rates applied", vote.message_ids.mapped("body")[0])
        with self.assertRaisesRegex(UserError, "already applied"):
            vote.with_user(self.manager).action_apply_fee_change()
        vote.with_user(self.staff_x).action_publish_result()
        self.assertTrue(vote.fee_change_applied)

    def test_rejected_fee_change_is_not_applied(self):
        vote = self._fee_vote(community_id=self.community_v.id)
        vote.action_open()
        self._record_ballot(vote.ballot_ids, "no")
        with freeze_time("2026-04-01"):
            vote.with_user(self.manager).action_close()
        self.assertEqual(vote.result, "rejected")
        with self.assertRaisesRegex(UserError, "the owners approved"):
            vote.with_user(self.manager).action_apply_fee_change()
        self.assertFalse(vote.fee_change_applied)

    def test_no_quorum(self):
        vote = self._vote()
        self._record_ballot(self._ballot(vote, self.unit_2), "yes")
        self._record_ballot(self._ballot(vote, self.unit_4), "yes")
        with freeze_time("2026-04-01"):
            vote.with_user(self.manager).action_close()
        # 150 of 350 m², 2 of 3 owners: the area is short.
        self.assertEqual(vote.result, "no_quorum")
        self.assertIn(
            "Participation by area: 150.00 of 350.00 m² (42.86 %)",
            vote.result_explanation,
        )
        self.assertIn("not met", vote.result_explanation)

    def test_community_without_owners_cannot_vote(self):
        vote = self._create_vote(community=self.community_y)
        with self.assertRaisesRegex(UserError, "no unit with a current owner"):
            vote.action_open()
        self.assertEqual(vote.state, "draft")
        self.assertFalse(vote.ballot_ids)

    def test_cancel(self):
        draft = self._create_vote(community=self.community_v)
        draft.with_user(self.staff_x).action_cancel()
        self.assertEqual(draft.state, "cancelled")
        vote = self._vote()
        with self.assertRaisesRegex(AccessError, "only a property manager"):
            vote.with_user(self.staff_x).action_cancel()
        self.assertEqual(vote.state, "open")
        vote.with_user(self.manager).action_cancel()
        self.assertEqual(vote.state, "cancelled")
        with self.assertRaises(UserError):
            vote.with_user(self.manager).action_close()
