from odoo import SUPERUSER_ID, api

from odoo.addons.property_base.tools import with_server_flag
from odoo.addons.property_disclosure.tools import DISCLOSURE_ACTION


def migrate(cr, version):
    """Fingerprint the disclosures published before fingerprints existed, as
    they are stored now: from here on, any change to them shows."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    disclosures = env["property.disclosure"].search(
        [("state", "!=", "draft"), ("content_digest", "=", False)]
    )
    for disclosure in disclosures:
        flagged = with_server_flag(disclosure, DISCLOSURE_ACTION)
        flagged.content_digest = disclosure._content_digest()
