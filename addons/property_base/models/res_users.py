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

    def _property_work_communities(self):
        """The communities the user may work on, as the record rules read them:
        managers every community of their companies, staff the communities
        listed on them, anyone else none."""
        self.ensure_one()
        Community = self.env["property.community"].with_context(active_test=False)
        if self.has_group("property_base.group_property_manager"):
            # Checked above: a manager works on every community of the companies
            # they belong to, also those not active in the current session.
            communities = Community.sudo().search(
                [("company_id", "in", self.company_ids.ids)]
            )
            return communities.sudo(False)  # back to the user's own rights
        if self.has_group("property_base.group_property_user"):
            return self.property_community_ids
        return Community
