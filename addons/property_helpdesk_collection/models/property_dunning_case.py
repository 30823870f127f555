import csv
import io

from odoo import fields, models

from odoo.addons.property_base.tools import escape_cell


class PropertyDunningCase(models.Model):
    _inherit = "property.dunning.case"

    dispute_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Hold for Complaint",
        readonly=True,
        help="The complaint whose fee objection holds this case.",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Disputed Service",
        compute="_compute_ticket_ids",
        help="The payer's complaints that object to the fees: the reasons behind "
        "a refusal to pay.",
    )

    def _compute_ticket_ids(self):
        for case in self:
            case.ticket_ids = self.env["helpdesk.ticket"].search(
                [
                    ("partner_id", "=", case.partner_id.id),
                    ("property_fee_dispute", "=", True),
                ]
            )

    def _property_evidence_files(self):
        """Add the payer's service tickets: what they complained about, when,
        and how it was handled."""
        files = super()._property_evidence_files()
        tickets = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.partner_id.id)], order="create_date"
        )
        if tickets:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(
                [
                    self.env._("Ticket"),
                    self.env._("Reported"),
                    self.env._("Kind"),
                    self.env._("Title"),
                    self.env._("Stage"),
                    self.env._("Closed"),
                    self.env._("Objects to the Fees"),
                ]
            )
            kinds = dict(
                tickets._fields["property_kind"]._description_selection(self.env)
            )
            for ticket in tickets:
                # Titles are typed by residents: never run as formulas.
                writer.writerow(
                    [
                        escape_cell(ticket.number),
                        ticket.create_date,
                        kinds.get(ticket.property_kind, ""),
                        escape_cell(ticket.name),
                        escape_cell(ticket.stage_id.name),
                        ticket.closed_date or "",
                        "✓" if ticket.property_fee_dispute else "",
                    ]
                )
            files.append(("04_service_tickets.csv", buffer.getvalue().encode()))
        return files
