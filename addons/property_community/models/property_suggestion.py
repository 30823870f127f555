from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.property_base.tools import with_server_flag

from .tools import SERVER_WRITE, check_protected_fields

SUGGESTION_CATEGORIES = [
    ("environment", "Cleaning and Greenery"),
    ("security", "Safety and Security"),
    ("facilities", "Facilities and Repairs"),
    ("parking", "Parking and Traffic"),
    ("service", "Staff and Service"),
    ("fees", "Fees"),
    ("other", "Other"),
]

SUGGESTION_STATES = [
    ("new", "Submitted"),
    ("review", "Under Review"),
    ("answered", "Answered"),
    ("closed", "Closed"),
]

# Changed only by the portal submission and the buttons of the form.
PROTECTED_FIELDS = ["state", "date_answered", "is_anonymous", "author_id"]


class PropertySuggestion(models.Model):
    _name = "property.suggestion"
    _description = "Suggestion"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "date_submitted desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True)
    description = fields.Text(string="Suggestion", required=True)
    category = fields.Selection(
        SUGGESTION_CATEGORIES, required=True, default="other", tracking=True
    )
    community_id = fields.Many2one(
        "property.community",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="community_id.company_id", store=True, index=True, precompute=True
    )
    date_submitted = fields.Datetime(
        string="Submitted On", required=True, default=fields.Datetime.now
    )
    is_anonymous = fields.Boolean(
        string="Anonymous",
        readonly=True,
        help="The resident asked not to be named: staff do not see who wrote it.",
    )
    # Who wrote it, kept from staff: only the resident (through the portal
    # rule) and administrators can read it. Staff read partner_id below.
    author_id = fields.Many2one(
        "res.partner",
        readonly=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        compute="_compute_partner_id",
        store=True,
        compute_sudo=True,
        help="Empty when the suggestion is anonymous.",
    )
    state = fields.Selection(
        SUGGESTION_STATES,
        string="Status",
        required=True,
        default="new",
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handled By",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    answer = fields.Text(help="Shown to the resident in the portal.")
    date_answered = fields.Datetime(string="Answered On", readonly=True)
    ticket_ref = fields.Reference(
        selection="_selection_ticket_ref",
        string="Work Ticket",
        help="The ticket or task that carries out the work this suggestion led to.",
    )

    @api.model
    def _selection_ticket_ref(self):
        return [
            (model, self.env[model]._description)
            for model in self._ticket_models()
            if model in self.env
        ]

    @api.model
    def _ticket_models(self):
        """Hook: the models of work tickets a suggestion may lead to; the
        modules that bring them (property_community_helpdesk) add them."""
        return []

    @api.depends("author_id", "is_anonymous")
    def _compute_partner_id(self):
        for suggestion in self:
            suggestion.partner_id = (
                not suggestion.is_anonymous and suggestion.author_id or False
            )

    def _compute_access_url(self):
        for suggestion in self:
            suggestion.access_url = f"/my/suggestions/{suggestion.id}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "new") != "new" or vals.get("date_answered"):
                check_protected_fields(self, vals, PROTECTED_FIELDS, "create")
        return super().create(vals_list)

    def write(self, vals):
        check_protected_fields(self, vals, PROTECTED_FIELDS)
        result = super().write(vals)
        return result

    @api.model
    def _portal_submit(self, partner, community, values, anonymous=False):
        """Create a resident's suggestion from the portal. The caller checked
        that ``partner`` lives in ``community``."""
        name = (values.get("name") or "").strip()
        description = (values.get("description") or "").strip()
        category = values.get("category") or "other"
        if not name or not description:
            raise UserError(
                self.env._("Give your suggestion a subject and describe it.")
            )
        if category not in dict(SUGGESTION_CATEGORIES):
            raise UserError(self.env._("Choose a topic from the list."))
        # Created as the system, not as the resident: the creator and the
        # chatter of an anonymous suggestion must not name its author.
        suggestion = (
            self.with_user(SUPERUSER_ID)
            .with_context(mail_create_nosubscribe=True, mail_create_nolog=True)
            .create(
                {
                    "name": name[:200],
                    "description": description,
                    "category": category,
                    "community_id": community.id,
                    "is_anonymous": anonymous,
                    "author_id": partner.id,
                }
            )
        )
        if not anonymous:
            suggestion.message_subscribe(partner_ids=partner.ids)
        # Computed fields are written now, as the system, not later in the
        # resident's request (which would make them the last writer).
        suggestion.flush_recordset()
        return suggestion.with_env(self.env)

    def action_review(self):
        with_server_flag(self, SERVER_WRITE).filtered(lambda s: s.state == "new").write(
            {"state": "review", "user_id": self.env.uid}
        )

    def action_answer(self):
        for suggestion in self:
            if not (suggestion.answer or "").strip():
                raise UserError(
                    self.env._(
                        "Suggestion %(name)s: write the answer the resident will "
                        "read before marking it answered.",
                        name=suggestion.name,
                    )
                )
        with_server_flag(self, SERVER_WRITE).write(
            {
                "state": "answered",
                "date_answered": fields.Datetime.now(),
                "user_id": self.env.uid,
            }
        )
        for suggestion in self.filtered("partner_id"):
            suggestion.message_post(
                body=self.env._(
                    "Our answer to your suggestion: %(answer)s",
                    answer=suggestion.answer,
                ),
                partner_ids=suggestion.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def action_close(self):
        with_server_flag(self, SERVER_WRITE).write({"state": "closed"})

    def action_reopen(self):
        with_server_flag(self, SERVER_WRITE).write({"state": "review"})

    def action_open_ticket(self):
        self.ensure_one()
        if not self.ticket_ref:
            raise UserError(self.env._("No work ticket is linked to this suggestion."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.ticket_ref._name,
            "res_id": self.ticket_ref.id,
            "view_mode": "form",
        }
