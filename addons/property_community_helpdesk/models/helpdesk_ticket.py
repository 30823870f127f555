from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    property_survey_sent = fields.Boolean(
        string="Survey Sent", readonly=True, copy=False
    )

    def write(self, vals):
        result = super().write(vals)
        if "stage_id" in vals:
            self.filtered(
                lambda t: t.closed and not t.property_survey_sent
            )._property_send_survey()
        return result

    def _property_send_survey(self):
        """Invite the resident, once per ticket, to the community's short
        survey in their portal."""
        for ticket in self:
            # sudo: whoever closes the ticket may not read surveys; this is the
            # survey of the ticket's own community (constrained), of which
            # only the id and title are sent.
            survey = ticket.property_community_id.ticket_survey_id.sudo()
            partner = ticket.partner_id
            if not survey or not partner or not partner.user_ids:
                continue
            url = f"{ticket.get_base_url()}/my/surveys/{survey.id}"
            ticket.message_post(
                body=self.env._(
                    "Your request %(ticket)s is closed. Could you tell us in one "
                    "minute how we did? Please answer “%(survey)s” in your portal: "
                    "%(url)s",
                    ticket=ticket.number,
                    survey=survey.title,
                    url=url,
                ),
                partner_ids=partner.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
            ticket.property_survey_sent = True
