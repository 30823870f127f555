from odoo import models
from odoo.exceptions import UserError

from odoo.addons.property_base.tools import with_server_flag

from .property_fee_rate import VOTE_RATE


class PropertyVote(models.Model):
    _inherit = "property.vote"

    def _apply_approved_fee_change(self):
        """Add the approved rates to their fee items for the vote's community,
        from the effective date; invoices already issued never change. Applied
        as the manager who applies them (rights on rates), once per vote."""
        pending = self.filtered(lambda vote: not vote.fee_change_applied)
        result = super()._apply_approved_fee_change()
        Rate = self.env["property.fee.rate"]
        for vote in pending:
            lines = vote.rate_ids.filtered("fee_type_id")
            if not lines or Rate.search_count([("vote_id", "=", vote.id)], limit=1):
                continue
            vote._check_fee_change_applicable(lines)
            with_server_flag(Rate, VOTE_RATE).create(
                [
                    {
                        "fee_type_id": line.fee_type_id.id,
                        "community_id": vote.community_id.id,
                        "date_from": vote.effective_date,
                        "rate": line.proposed_rate,
                        "note": self.env._("Owners' vote %(vote)s", vote=vote.name),
                        "vote_id": vote.id,
                    }
                    for line in lines
                ]
            )
        return result

    def _check_fee_change_applicable(self, lines):
        """Refuse, with what to do, rates that cannot be added as approved."""
        self.ensure_one()
        if not (self.is_fee_change and self.result == "approved"):
            raise UserError(
                self.env._(
                    "%(vote)s: only the rates of a fee-change vote the owners "
                    "approved can be applied.",
                    vote=self.name,
                )
            )
        if not self.effective_date:
            raise UserError(
                self.env._(
                    "%(vote)s has no effective date: the approved rates cannot be "
                    "applied.",
                    vote=self.name,
                )
            )
        # Searched rather than read: a fee item of another company is not
        # readable, and is refused the same way as one that no longer exists.
        fee_types = self.env["property.fee.type"].search(
            [
                ("id", "in", lines.fee_type_id.ids),
                ("company_id", "=", self.company_id.id),
            ]
        )
        if len(lines.fee_type_id) < len(lines):
            raise UserError(
                self.env._(
                    "%(vote)s revises a fee item twice, and a fee item has one "
                    "rate per date: apply its rates by hand.",
                    vote=self.name,
                )
            )
        for line in lines:
            if line.fee_type_id not in fee_types:
                raise UserError(
                    self.env._(
                        "%(vote)s: the fee item of %(line)s is not a fee item of "
                        "%(company)s. Add the rate to the right fee item by hand.",
                        vote=self.name,
                        line=line.name,
                        company=self.company_id.name,
                    )
                )
        clash = self.env["property.fee.rate"].search(
            [
                ("fee_type_id", "in", fee_types.ids),
                ("community_id", "=", self.community_id.id),
                ("date_from", "=", self.effective_date),
            ],
            limit=1,
        )
        if clash:
            raise UserError(
                self.env._(
                    "%(community)s already has a rate of %(fee)s from %(date)s "
                    "(%(rate)s). A manager decides which applies: delete or move "
                    "that rate, then apply the rates of %(vote)s.",
                    community=self.community_id.name,
                    fee=clash.fee_type_id.display_name,
                    date=self.effective_date,
                    rate=clash.rate,
                    vote=self.name,
                )
            )
