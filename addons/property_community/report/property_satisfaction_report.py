from odoo import api, fields, models, tools
from odoo.tools import SQL


class PropertySatisfactionReport(models.Model):
    _name = "property.satisfaction.report"
    _description = "Satisfaction Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "survey_id"

    survey_id = fields.Many2one("survey.survey", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    community_id = fields.Many2one("property.community", readonly=True)
    building_id = fields.Many2one("property.building", readonly=True)
    date = fields.Date(string="Answered On", readonly=True)
    is_satisfaction = fields.Boolean(string="Satisfaction Survey", readonly=True)
    is_anonymous = fields.Boolean(string="Anonymous", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    score = fields.Float(
        string="Satisfaction (%)",
        aggregator="avg",
        readonly=True,
        help="Score of the answer in percent of the highest possible score.",
    )

    def _query(self):
        return SQL(
            """
            SELECT
                i.id AS id,
                i.survey_id,
                c.company_id,
                i.property_community_id AS community_id,
                i.property_building_id AS building_id,
                COALESCE(i.end_datetime, i.create_date)::date AS date,
                COALESCE(s.property_is_satisfaction, FALSE) AS is_satisfaction,
                COALESCE(i.property_anonymous, FALSE) AS is_anonymous,
                1 AS answer_count,
                i.scoring_percentage AS score
            FROM survey_user_input i
            JOIN survey_survey s ON s.id = i.survey_id
            JOIN property_community c ON c.id = i.property_community_id
            WHERE i.state = 'done' AND NOT COALESCE(i.test_entry, FALSE)
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    @api.model
    def _satisfaction_index(self, communities, date_from, date_to, groupby=None):
        """``{community_id: (average score, answers)}`` of the satisfaction
        surveys answered between the dates; grouped by ``groupby`` instead
        (e.g. ``building_id``) when given."""
        groupby = groupby or "community_id"
        groups = self._read_group(
            [
                ("community_id", "in", communities.ids),
                ("is_satisfaction", "=", True),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            [groupby],
            ["score:avg", "__count"],
        )
        return {record.id: (score, count) for record, score, count in groups}
