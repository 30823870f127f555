from odoo import models


class PropertyVote(models.Model):
    _inherit = "property.vote"

    def _apply_approved_fee_change(self):
        """Add the approved rates to their fee items from the effective date;
        invoices already issued never change."""
        result = super()._apply_approved_fee_change()
        Rate = self.env["property.fee.rate"].sudo()
        for vote in self:
            for line in vote.rate_ids.filtered(
                lambda rate_line: (
                    rate_line.res_model == "property.fee.type" and rate_line.res_id
                )
            ):
                values = {
                    "rate": line.proposed_rate,
                    "note": self.env._("Owners' vote %(vote)s", vote=vote.name),
                }
                existing = Rate.search(
                    [
                        ("fee_type_id", "=", line.res_id),
                        ("date_from", "=", vote.effective_date),
                    ]
                )
                if existing:
                    existing.write(values)
                else:
                    Rate.create(
                        {
                            "fee_type_id": line.res_id,
                            "date_from": vote.effective_date,
                            **values,
                        }
                    )
        return result
