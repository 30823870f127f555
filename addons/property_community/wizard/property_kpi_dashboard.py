from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class PropertyKpiDashboard(models.TransientModel):
    _name = "property.kpi.dashboard"
    _description = "Community and Staff KPIs"

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    date_from = fields.Date(
        required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    community_ids = fields.Many2many(
        "property.community",
        string="Communities",
        help="Empty: every community you work on.",
    )
    line_ids = fields.One2many("property.kpi.dashboard.line", "dashboard_id")
    community_line_ids = fields.One2many(
        "property.kpi.dashboard.line",
        "dashboard_id",
        domain=[("user_id", "=", False)],
    )
    staff_line_ids = fields.One2many(
        "property.kpi.dashboard.line",
        "dashboard_id",
        domain=[("user_id", "!=", False)],
    )
    # Known as the form opens, before any figure is computed: a new
    # dashboard gets them as defaults (a compute without dependencies is not
    # run for a record not saved yet).
    has_collection = fields.Boolean(
        compute="_compute_sources",
        default=lambda self: self._kpi_has_collection(),
    )
    has_sla = fields.Boolean(
        compute="_compute_sources", default=lambda self: self._kpi_has_sla()
    )

    def _compute_sources(self):
        for dashboard in self:
            dashboard.has_collection = dashboard._kpi_has_collection()
            dashboard.has_sla = dashboard._kpi_has_sla()

    @api.depends("community_ids", "date_from", "date_to")
    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = self.env._(
                "KPI %(communities)s %(date_from)s – %(date_to)s",
                communities=", ".join(dashboard.community_ids.mapped("name"))
                or self.env._("All Communities"),
                date_from=format_date(self.env, dashboard.date_from),
                date_to=format_date(self.env, dashboard.date_to),
            )

    # Figures of other modules: the glue modules that join this one to them
    # (property_community_collection, property_community_helpdesk) contribute
    # them by overriding these hooks; this module reads no model of theirs.
    def _kpi_has_collection(self):
        return False

    def _kpi_has_sla(self):
        return False

    def _kpi_collection(self, communities):
        """Hook: ``{community_id: (billed, collected)}`` of the bills issued in
        the period; ``None`` where no module contributes them."""
        return

    def _kpi_sla(self, communities, groupby="property_community_id"):
        """Hook: ``{community_id or user_id: (compliance %, tickets)}`` of the
        tickets resolved in the period with an SLA policy; ``None`` where no
        module contributes them."""
        return

    def _kpi_ratings(self, communities):
        """Hook: ``{community_id: (score %, ratings)}`` of the services rated
        by residents in the period (score in percent of the best rating);
        empty where no module contributes them."""
        return {}

    def _kpi_satisfaction(self, communities):
        """``{community_id: (index %, answers)}`` of the period: satisfaction
        survey answers and the residents' ratings of services (_kpi_ratings),
        each answer or rating weighing the same."""
        surveys = (
            self.env["property.satisfaction.report"]
            # sudo: figures of the communities the user may read (_get_communities).
            .sudo()
            ._satisfaction_index(communities, self.date_from, self.date_to)
        )
        ratings = self._kpi_ratings(communities) or {}
        satisfaction = {}
        for community_id in surveys.keys() | ratings.keys():
            pairs = [
                pair
                for pair in (surveys.get(community_id), ratings.get(community_id))
                if pair and pair[1]
            ]
            count = sum(n for _score, n in pairs)
            if count:
                satisfaction[community_id] = (
                    sum(score * n for score, n in pairs) / count,
                    count,
                )
        return satisfaction

    def _kpi_training(self, users, communities):
        """``{user_id: (passed, total)}`` of the trainings of the period, in
        ``communities`` or company-wide."""
        groups = (
            self.env["property.training"]
            # sudo: counts only, of the communities the user may read
            # (_get_communities) and of company-wide courses.
            .sudo()
            ._read_group(
                [
                    ("user_id", "in", users.ids),
                    ("company_id", "in", communities.company_id.ids),
                    "|",
                    ("community_id", "=", False),
                    ("community_id", "in", communities.ids),
                    ("date", ">=", self.date_from),
                    ("date", "<=", self.date_to),
                ],
                ["user_id", "result"],
                ["__count"],
            )
        )
        training = {}
        for user, result, count in groups:
            passed, total = training.get(user.id, (0, 0))
            training[user.id] = (
                passed + (count if result == "passed" else 0),
                total + count,
            )
        return training

    @staticmethod
    def _kpi_score(*values):
        """Average of the figures that exist (0-100), ``None`` if none does."""
        known = [value for value in values if value is not None]
        return sum(known) / len(known) if known else None

    def _get_communities(self):
        Community = self.env["property.community"]
        # The ids as chosen, unread: the search keeps those the user may read.
        chosen = self.with_context(active_test=False).community_ids.ids
        if chosen:
            return Community.search([("id", "in", chosen)])
        return Community.search([("company_id", "in", self.env.companies.ids)])

    def action_compute(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(
                self.env._("The period ends before it starts: correct the dates.")
            )
        communities = self._get_communities()
        collection = self._kpi_collection(communities)
        sla = self._kpi_sla(communities)
        sla_by_user = self._kpi_sla(communities, groupby="user_id")
        satisfaction = self._kpi_satisfaction(communities)
        staff = (
            self.env["res.users"]
            # sudo: the staff of the communities the user may read.
            .sudo()
            .search(
                [
                    ("share", "=", False),
                    ("property_community_ids", "in", communities.ids),
                ]
            )
        )
        training = self._kpi_training(staff, communities)

        def rate(pair):
            billed, collected = pair
            return collected / billed * 100 if billed else None

        lines = []
        for community in communities:
            collection_rate = (
                rate(collection.get(community.id, (0.0, 0.0)))
                if collection is not None
                else None
            )
            sla_rate = sla.get(community.id, (None, 0))[0] if sla is not None else None
            satisfaction_rate = satisfaction.get(community.id, (None, 0))[0]
            lines.append(
                self._prepare_line_vals(
                    community=community,
                    collection=collection_rate,
                    sla=sla_rate,
                    satisfaction=satisfaction_rate,
                )
            )
        for user in staff:
            user_communities = user.property_community_ids & communities
            collection_rate = None
            if collection is not None:
                pairs = [collection.get(c.id, (0.0, 0.0)) for c in user_communities]
                collection_rate = rate(
                    (sum(p[0] for p in pairs), sum(p[1] for p in pairs))
                )
            sla_rate = (
                sla_by_user.get(user.id, (None, 0))[0]
                if sla_by_user is not None
                else None
            )
            answers = [
                satisfaction[c.id] for c in user_communities if c.id in satisfaction
            ]
            count = sum(n for _score, n in answers)
            satisfaction_rate = (
                sum(score * n for score, n in answers) / count if count else None
            )
            passed, total = training.get(user.id, (0, 0))
            lines.append(
                self._prepare_line_vals(
                    user=user,
                    collection=collection_rate,
                    sla=sla_rate,
                    satisfaction=satisfaction_rate,
                    training=(passed, total),
                )
            )
        self.line_ids = [Command.clear()] + [Command.create(v) for v in lines]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _prepare_line_vals(
        self, community=None, user=None, collection=None, sla=None, **kwargs
    ):
        satisfaction = kwargs.get("satisfaction")
        passed, total = kwargs.get("training", (0, 0))
        score = self._kpi_score(collection, sla, satisfaction)
        return {
            "community_id": community.id if community else False,
            "user_id": user.id if user else False,
            "collection_rate": collection or 0.0,
            "has_collection_rate": collection is not None,
            "sla_compliance": sla or 0.0,
            "has_sla_compliance": sla is not None,
            "satisfaction": satisfaction or 0.0,
            "has_satisfaction": satisfaction is not None,
            "training_passed": passed,
            "training_count": total,
            "score": score or 0.0,
            "has_score": score is not None,
        }


class PropertyKpiDashboardLine(models.TransientModel):
    _name = "property.kpi.dashboard.line"
    _description = "KPI Line"
    _order = "community_id, user_id, id"

    dashboard_id = fields.Many2one(
        "property.kpi.dashboard", required=True, ondelete="cascade"
    )
    community_id = fields.Many2one("property.community")
    user_id = fields.Many2one("res.users", string="Staff Member")
    collection_rate = fields.Float(string="Collection Rate (%)", digits=(5, 1))
    has_collection_rate = fields.Boolean()
    sla_compliance = fields.Float(string="SLA Compliance (%)", digits=(5, 1))
    has_sla_compliance = fields.Boolean()
    satisfaction = fields.Float(string="Satisfaction (%)", digits=(5, 1))
    has_satisfaction = fields.Boolean()
    training_passed = fields.Integer(string="Trainings Passed")
    training_count = fields.Integer(string="Trainings")
    score = fields.Float(
        string="KPI Score",
        digits=(5, 1),
        help="Average of the collection rate, SLA compliance and satisfaction "
        "that exist for this line.",
    )
    has_score = fields.Boolean()
