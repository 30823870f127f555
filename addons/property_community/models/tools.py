from odoo import Command


def send_template_to_partners(template, record, partners):
    """Queue one email per partner from ``template`` rendered on ``record``,
    once per language instead of once per partner."""
    vals_list = []
    for lang, lang_partners in partners.grouped("lang").items():
        lang = lang or record.env.lang
        subject = template._render_field("subject", record.ids, set_lang=lang)
        body = template._render_field("body_html", record.ids, set_lang=lang)
        email_from = template._render_field("email_from", record.ids, set_lang=lang)
        vals_list += [
            {
                "subject": subject[record.id],
                "body_html": body[record.id],
                "email_from": email_from[record.id] or False,
                "recipient_ids": [Command.link(partner.id)],
                "auto_delete": True,
            }
            for partner in lang_partners
        ]
    # Queued mails are technical records only administrators read.
    return record.env["mail.mail"].sudo().create(vals_list)
