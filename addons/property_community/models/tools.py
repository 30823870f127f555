from odoo import Command

from odoo.addons.property_base.tools import check_action_fields, check_uploads

# Set by this module's actions around the writes that only they may make.
SERVER_WRITE = "property_community_server_write"


def check_protected_fields(records, vals, field_names, operation="write"):
    """Refuse a write of ``field_names`` (status, read receipts, authorship...)
    unless server code of this module makes it: the buttons check who acts and
    what the change means, a direct write through JSON-RPC would skip them."""
    if records.env.su:
        return
    env = records.env
    check_action_fields(
        records,
        vals,
        field_names,
        SERVER_WRITE,
        lambda fields: env._(
            "%(fields)s of %(model)s cannot be edited directly. Use the buttons "
            "of the form instead.",
            fields=fields,
            model=env["ir.model"]._get(records._name).name,
        ),
        operation,
    )


def resident_attachments_before(records, vals, field_name):
    """``{record id: attachments}`` before a write of ``field_name``."""
    if field_name not in vals:
        return None
    # sudo: only the ids are kept, to tell newly linked files apart.
    return {record.id: record.sudo()[field_name] for record in records}


def check_resident_attachments(records, field_name, before=None):
    """Files published to residents: the user may read each one they link
    (nobody publishes someone else's file by its id), and every file is one
    of the few, small images or PDF documents residents may receive."""
    env = records.env
    for record in records:
        # sudo: ids only; read access to the new ones is checked just below.
        attachments = record.sudo()[field_name]
        new = attachments - (before or {}).get(record.id, attachments.browse())
        new.with_env(env).check("read")
        if new:
            # sudo: the new files are readable (above), the others were
            # checked when they were linked.
            check_uploads(env, [(a.name, a.raw) for a in attachments.sudo()])


def render_template_by_lang(template, record, langs):
    """``{lang: (subject, body, email_from)}`` of ``template`` on ``record``,
    rendered once per language rather than once per recipient."""
    rendered = {}
    for lang in langs:
        lang = lang or record.env.lang
        rendered[lang] = tuple(
            template._render_field(field, record.ids, set_lang=lang)[record.id]
            for field in ("subject", "body_html", "email_from")
        )
    return rendered


def send_template_to_partners(template, record, partners):
    """Queue one email per partner from ``template`` rendered on ``record``,
    once per language instead of once per partner."""
    # Only those who may edit the record send from it.
    record.check_access("write")
    rendered = render_template_by_lang(template, record, set(partners.mapped("lang")))
    vals_list = [
        {
            "subject": rendered[partner.lang or record.env.lang][0],
            "body_html": rendered[partner.lang or record.env.lang][1],
            "email_from": rendered[partner.lang or record.env.lang][2] or False,
            "recipient_ids": [Command.link(partner.id)],
            "auto_delete": True,
        }
        for partner in partners
    ]
    # sudo: the sender may write the record (checked above); queued mails are
    # technical records only administrators read.
    return record.env["mail.mail"].sudo().create(vals_list)
