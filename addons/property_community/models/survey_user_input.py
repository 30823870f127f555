from odoo import SUPERUSER_ID, api, fields, models

from .tools import check_protected_fields

# Set when the resident's answer is made (survey.survey._property_answer_for):
# they tie it to its community, building and anonymity.
PROTECTED_FIELDS = [
    "property_respondent_id",
    "property_anonymous",
    "property_community_id",
    "property_building_id",
]


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    # The resident who answers, kept from staff (administrators only): for an
    # anonymous survey it is the one link between the answer and the person.
    property_respondent_id = fields.Many2one(
        "res.partner",
        readonly=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    property_anonymous = fields.Boolean(string="Anonymous", readonly=True)
    property_community_id = fields.Many2one(
        "property.community", string="Community", readonly=True, index=True
    )
    property_building_id = fields.Many2one(
        "property.building", string="Building", readonly=True, index=True
    )

    def _property_split_anonymous(self):
        """The anonymous answers as the system, so that no create or write
        user, chatter author or follower names the resident; and the rest."""
        anonymous = self.filtered("property_anonymous")
        if anonymous and self.env.uid != SUPERUSER_ID:
            # Whoever calls may write these answers (checked on self first).
            self.check_access("write")
            return anonymous.with_user(SUPERUSER_ID), self - anonymous
        return self.browse(), self

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_protected_fields(self, vals, PROTECTED_FIELDS, "create")
        return super().create(vals_list)

    def write(self, vals):
        check_protected_fields(self, vals, PROTECTED_FIELDS)
        anonymous, others = self._property_split_anonymous()
        if anonymous:
            super(SurveyUserInput, anonymous).write(vals)
        return super(SurveyUserInput, others).write(vals) if others else True

    def _write_multi(self, vals_list):
        # Stored computed fields (the scores) are flushed as the user who
        # triggered them: the last writer of an anonymous answer stays the
        # system.
        vals_list = [
            dict(vals, write_uid=SUPERUSER_ID) if answer.property_anonymous else vals
            for answer, vals in zip(self, vals_list, strict=True)
        ]
        return super()._write_multi(vals_list)

    def _save_lines(self, question, answer, comment=None, overwrite_existing=True):
        anonymous, _others = self._property_split_anonymous()
        if anonymous:
            return super(SurveyUserInput, anonymous)._save_lines(
                question, answer, comment=comment, overwrite_existing=overwrite_existing
            )
        return super()._save_lines(
            question, answer, comment=comment, overwrite_existing=overwrite_existing
        )

    def _mark_done(self):
        anonymous, others = self._property_split_anonymous()
        if anonymous:
            super(SurveyUserInput, anonymous)._mark_done()
        if others:
            super(SurveyUserInput, others)._mark_done()
        return True

    def _clear_inactive_conditional_answers(self):
        anonymous, others = self._property_split_anonymous()
        if anonymous:
            super(SurveyUserInput, anonymous)._clear_inactive_conditional_answers()
        if others:
            super(SurveyUserInput, others)._clear_inactive_conditional_answers()
        return True


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    def _write_multi(self, vals_list):
        # As for the answers: computed scores keep the system as last writer.
        vals_list = [
            dict(vals, write_uid=SUPERUSER_ID)
            if line.user_input_id.property_anonymous
            else vals
            for line, vals in zip(self, vals_list, strict=True)
        ]
        return super()._write_multi(vals_list)
