from odoo.exceptions import UserError


class ChannelRefused(UserError):
    """Raised by a channel's ``_send_by_<channel>`` when that channel can no
    longer reach this resident at all (they unfollowed the WeChat account,
    their openid is not valid...), as opposed to a passing failure: the
    notification does not try that channel again and goes by the next one of
    the resident's order at once."""
