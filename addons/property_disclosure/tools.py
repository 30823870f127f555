"""Helpers shared by the votes and the disclosures."""

from odoo.tools import html_sanitize

# Server-side flags (see property_base/tools/server_flags.py) under which the
# actions write what no client may write.
VOTE_ACTION = "property_vote_action"
BALLOT_CAST = "property_vote_cast"
DISCLOSURE_ACTION = "property_disclosure_action"

# Written by mail and the portal on any record, whatever its state.
TECHNICAL_FIELDS = {"access_token", "message_main_attachment_id"}


def public_html(value):
    """``value`` reduced to the HTML shown to residents and the public: no
    script, iframe, object, form, event handler or style (an inline style can
    lay a page over the whole screen)."""
    return html_sanitize(
        value,
        sanitize_tags=True,
        sanitize_attributes=True,
        sanitize_style=False,
        sanitize_form=True,
        strip_style=True,
    )
