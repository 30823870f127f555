import base64

from odoo import Command

from odoo.addons.property_base.tests.common import PropertyCase

# The first bytes of a PNG image: what a scanned ballot looks like to the
# upload check.
PROOF = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)


class DisclosureCase(PropertyCase):
    """PropertyCase's communities, staff and residents, plus the disclosure
    configuration: cost categories and matter types (module data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_staff = cls.env.ref("property_disclosure.cost_category_staff")
        cls.cat_cleaning = cls.env.ref("property_disclosure.cost_category_cleaning")
        cls.cat_management = cls.env.ref("property_disclosure.cost_category_management")
        cls.matter_ordinary = cls.env.ref("property_disclosure.vote_matter_ordinary")
        cls.matter_fee = cls.env.ref("property_disclosure.vote_matter_fee_change")
        cls.matter_fund = cls.env.ref("property_disclosure.vote_matter_fund_use")

    @classmethod
    def _create_vote(cls, community=None, matter=None, **values):
        return cls.env["property.vote"].create(
            {
                "name": "Repaint the stairwells",
                "community_id": (community or cls.community_x).id,
                "matter_id": (matter or cls.matter_ordinary).id,
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
                **values,
            }
        )

    @classmethod
    def _fee_vote(cls, **values):
        values = {
            "effective_date": "2026-05-01",
            "rate_ids": [
                Command.create(
                    {
                        "name": "Property fee",
                        "uom": "CNY per m² per month",
                        "current_rate": 2.5,
                        "proposed_rate": 2.8,
                    }
                )
            ],
            **values,
        }
        return cls._create_vote(matter=cls.matter_fee, **values)

    @classmethod
    def _create_disclosure(cls, community=None, **values):
        return cls.env["property.disclosure"].create(
            {
                "name": "2026 Q1",
                "community_id": (community or cls.community_x).id,
                "period_type": "quarter",
                "year": 2026,
                "period_number": 1,
                "publish_from": "2026-04-10",
                "publish_to": "2026-07-10",
                **values,
            }
        )

    @classmethod
    def _record_ballot(cls, ballots, choice, cast_at="2026-03-10 08:00:00", **values):
        """Staff record ``ballots`` from paper, each with its proof, through
        the Record Ballot wizard, as the environment's user."""
        for ballot in ballots:
            cls.env["property.vote.ballot.record"].create(
                {
                    "ballot_id": ballot.id,
                    "choice": choice,
                    "channel": "paper",
                    "cast_at": cast_at,
                    "proof": PROOF,
                    "proof_filename": "ballot.png",
                    **values,
                }
            ).action_confirm()

    @classmethod
    def _correct(cls, disclosure, reason="Cleaning cost of March was missing"):
        """The draft correcting ``disclosure``, started with ``reason`` through
        Correct, as the environment's user of ``disclosure``."""
        action = disclosure.action_correct()
        wizard = (
            disclosure.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"reason": reason})
        )
        return disclosure.browse(wizard.action_confirm()["res_id"])
