from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    property_community_ids = fields.Many2many(
        "property.community",
        "property_community_res_users_rel",
        "user_id",
        "community_id",
        string="Property Communities",
        help="Communities this staff member works on. Property staff see the "
        "buildings, units and occupants of these communities only.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "property_community_ids" in vals:
            # Record rules read this field: cached rule domains are stale now.
            self.env.registry.clear_cache()
        return result
