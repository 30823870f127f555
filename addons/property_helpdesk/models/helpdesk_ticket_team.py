from odoo import fields, models

ASSIGN_METHODS = [
    ("manual", "Manual"),
    ("round_robin", "Round-Robin"),
    ("least_load", "Least Open Tickets"),
]


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    property_community_id = fields.Many2one(
        "property.community",
        string="Community",
        index="btree_not_null",
        help="Community this team serves. New tickets of the community go to the "
        "team whose categories (specialties) include the ticket's category.",
    )
    property_assign_method = fields.Selection(
        ASSIGN_METHODS,
        string="Assignment",
        required=True,
        default="manual",
        help="How new tickets of this team get a technician: by hand, in turn "
        "(round-robin), or to the member with the fewest open tickets.",
    )
    property_last_assigned_id = fields.Many2one(
        "res.users",
        string="Last Assigned Member",
        readonly=True,
        help="Member who got the last ticket in round-robin assignment.",
    )

    def _property_pick_users(self, count):
        """Return ``count`` members to assign new tickets to, in order, by
        the team's method (none for manual assignment)."""
        self.ensure_one()
        members = self.user_ids.filtered("active").sorted("id")
        if self.property_assign_method == "manual" or not members:
            return []
        if self.property_assign_method == "round_robin":
            picked = []
            last = self.property_last_assigned_id
            for _i in range(count):
                following = members.filtered(lambda u, last=last: u.id > last.id)
                last = following[:1] or members[:1]
                picked.append(last)
            # The team's own members may not write the team: the pointer is
            # bookkeeping of the assignment, not a change of the team.
            self.sudo().property_last_assigned_id = last
            return picked
        # Assigning a ticket the user may save to this team's members: only
        # the number of open tickets per member comes back, none is shown.
        Ticket = self.env["helpdesk.ticket"].sudo()
        loads = dict(
            Ticket._read_group(
                [("user_id", "in", members.ids), ("stage_id.closed", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        loads = {user: loads.get(user, 0) for user in members}
        picked = []
        for _i in range(count):
            user = min(members, key=lambda u: (loads[u], u.id))
            loads[user] += 1
            picked.append(user)
        return picked
