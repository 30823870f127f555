from odoo.exceptions import UserError

# errcodes of WeChat saying that this follower cannot get template messages
# until they do something, so that sending again is pointless: 43004 require
# subscribe (they unfollowed the account), 40003 invalid openid, 43019 the
# follower is on the account's blacklist.
RECIPIENT_REFUSED_ERRCODES = frozenset({40003, 43004, 43019})


class WechatRecipientRefused(UserError):
    """WeChat refuses every message to this follower for now (see
    ``RECIPIENT_REFUSED_ERRCODES``): callers should not retry."""
