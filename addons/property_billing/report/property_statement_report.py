from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyStatementReport(models.AbstractModel):
    """Statement of account (对账单) of a payer for a period: the opening
    balance, every bill, payment and credit note of the period with the
    running balance, and the closing balance."""

    _name = "report.property_billing.report_property_statement"
    _description = "Statement of Account"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        date_from = fields.Date.to_date(data.get("date_from"))
        date_to = fields.Date.to_date(data.get("date_to"))
        if not date_from or not date_to or date_from > date_to:
            raise UserError(
                self.env._("Choose a period: a start date on or before the end date.")
            )
        partners = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "date_from": date_from,
            "date_to": date_to,
            "statements": {
                partner.id: self._statement(partner, date_from, date_to)
                for partner in partners
            },
            "company": self.env.company,
        }

    @api.model
    def _statement(self, partner, date_from, date_to):
        domain = [
            ("partner_id", "=", partner.id),
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("company_id", "=", self.env.company.id),
        ]
        Line = self.env["account.move.line"]
        opening = sum(
            Line.search(domain + [("date", "<", date_from)]).mapped("balance")
        )
        balance = opening
        rows = []
        for line in Line.search(
            domain + [("date", ">=", date_from), ("date", "<=", date_to)],
            order="date, id",
        ):
            balance += line.balance
            rows.append(
                {
                    "date": line.date,
                    "reference": line.move_id.name,
                    "label": line.move_id.property_unit_id.code
                    or line.move_id.ref
                    or line.name
                    or "",
                    "debit": line.debit,
                    "credit": line.credit,
                    "balance": balance,
                }
            )
        return {"opening": opening, "rows": rows, "closing": balance}
