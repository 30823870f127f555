from odoo import api, models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _property_next_by_code_many(self, sequence_code, count):
        """``count`` numbers of the sequence ``sequence_code``: what ``count``
        calls of ``next_by_code`` return, in one query for a standard sequence
        without date ranges (a batch of new cases, say)."""
        if count <= 0:
            return []
        sequence = self.search(
            [
                ("code", "=", sequence_code),
                ("company_id", "in", [self.env.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [self.next_by_code(sequence_code) for _index in range(count)]
        numbers = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        # get_next_char() for each number, with the prefix interpolated once
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}" for (number,) in numbers
        ]
