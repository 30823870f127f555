from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    wechat_openid = fields.Char(
        string="WeChat OpenID",
        groups="base.group_system",
        index="btree_not_null",
        copy=False,
    )
    wechat_bound = fields.Boolean(
        string="WeChat Bound",
        compute="_compute_wechat_bound",
        compute_sudo=True,
        search="_search_wechat_bound",
    )

    @api.depends("wechat_openid")
    def _compute_wechat_bound(self):
        for partner in self:
            partner.wechat_bound = bool(partner.wechat_openid)

    def _search_wechat_bound(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        bound = (operator == "=") == bool(value)
        return [("wechat_openid", "!=" if bound else "=", False)]
