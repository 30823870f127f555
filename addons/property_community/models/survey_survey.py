from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .tools import send_template_to_partners


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    property_community_id = fields.Many2one(
        "property.community",
        string="Community",
        index="btree_not_null",
        help="Residents of this community take the survey from the portal.",
    )
    property_building_ids = fields.Many2many(
        "property.building",
        "survey_survey_property_building_rel",
        "survey_id",
        "building_id",
        string="Buildings",
        domain="[('community_id', '=?', property_community_id)]",
        help="Only the residents of these buildings; empty: the whole community.",
    )
    property_anonymous = fields.Boolean(
        string="Anonymous for Staff",
        help="Answers are not linked to the resident: staff see the building, "
        "never the person.",
    )
    property_is_satisfaction = fields.Boolean(
        string="Satisfaction Survey",
        help="Its scores count towards the community's yearly satisfaction index.",
    )
    property_invited_at = fields.Datetime(string="Residents Invited On", readonly=True)

    @api.constrains("property_community_id", "property_building_ids")
    def _check_property_buildings(self):
        for survey in self:
            outside = (
                survey.property_building_ids.community_id - survey.property_community_id
            )
            if outside:
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s: choose buildings of %(community)s only.",
                        survey=survey.title,
                        community=survey.property_community_id.display_name
                        or self.env._("its community"),
                    )
                )

    @api.constrains("property_community_id", "access_mode")
    def _check_property_access_mode(self):
        for survey in self.filtered("property_community_id"):
            if survey.access_mode != "token":
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s: residents answer through their portal, "
                        "so set Access Mode to 'Invited people only'.",
                        survey=survey.title,
                    )
                )

    @api.onchange("property_community_id")
    def _onchange_property_community_id(self):
        if self.property_community_id:
            self.access_mode = "token"

    def write(self, vals):
        result = super().write(vals)
        return result

    def _property_resident_domain(self, date=None):
        self.ensure_one()
        Occupancy = self.env["property.occupancy"]
        domain = [
            ("community_id", "=", self.property_community_id.id),
            ("role", "in", ("owner", "tenant", "resident")),
            *Occupancy._domain_active_at(date or fields.Date.context_today(self)),
        ]
        if self.property_building_ids:
            domain.append(("building_id", "in", self.property_building_ids.ids))
        return domain

    def _property_residents(self):
        """``{partner: building}`` of the residents the survey is for."""
        self.ensure_one()
        occupancies = (
            self.env["property.occupancy"]
            # sudo: every resident of the audience, whoever sends: staff may
            # not read every occupancy of a community whose survey they read.
            .sudo()
            .search(self._property_resident_domain(), order="unit_id, id")
        )
        residents = {}
        for occupancy in occupancies:
            residents.setdefault(occupancy.partner_id, occupancy.building_id)
        return residents

    def _property_is_for(self, partner):
        """Whether ``partner`` lives where this survey is addressed, today."""
        self.ensure_one()
        if not self.property_community_id:
            return False
        return bool(
            self.env["property.occupancy"]
            # sudo: only whether this partner lives in the survey's audience.
            .sudo()
            .search_count(
                [("partner_id", "=", partner.id), *self._property_resident_domain()],
                limit=1,
            )
        )

    def action_property_invite(self):
        """Email the residents a link to the survey in their portal."""
        template = self.env.ref("property_community.mail_template_survey_invitation")
        for survey in self:
            if not survey.property_community_id:
                raise UserError(
                    self.env._(
                        "Survey %(survey)s: choose the community whose residents "
                        "you invite.",
                        survey=survey.title,
                    )
                )
            if not survey.active or not survey.question_ids:
                raise UserError(
                    self.env._(
                        "Survey %(survey)s: add questions and keep it active "
                        "before inviting residents.",
                        survey=survey.title,
                    )
                )
            partners = self.env["res.partner"].union(
                *survey._property_residents().keys()
            )
            # sudo: the residents of the survey's audience (above); the sender
            # may write the survey (checked by the helper).
            residents = partners.sudo().filtered("email")
            send_template_to_partners(template, survey, residents)
            survey.property_invited_at = fields.Datetime.now()
            survey.message_post(
                body=self.env._(
                    "%(count)s residents invited to answer in the portal.",
                    count=len(partners),
                )
            )
        return True

    def _property_answer_for(self, partner):
        """The resident's answer to this survey, created on first visit."""
        self.ensure_one()
        if not self._property_is_for(partner):
            raise UserError(
                self.env._(
                    "Survey %(survey)s is for the residents of %(community)s only.",
                    survey=self.title,
                    community=self.property_community_id.display_name,
                )
            )
        # sudo: residents have no access to answers; the survey is for
        # ``partner`` (checked above).
        UserInput = self.env["survey.user_input"].sudo()
        answer = UserInput.search(
            [
                ("survey_id", "=", self.id),
                ("property_respondent_id", "=", partner.id),
                ("test_entry", "=", False),
            ],
            limit=1,
        )
        if answer:
            return answer
        building = self._property_residents_building(partner)
        values = {
            "property_respondent_id": partner.id,
            "property_anonymous": self.property_anonymous,
            "property_community_id": self.property_community_id.id,
            "property_building_id": building.id,
        }
        if self.property_anonymous:
            # Created by the system and without a contact: nothing on the
            # answer points to the resident, except the restricted field.
            return (
                self.with_user(SUPERUSER_ID)
                ._create_answer(check_attempts=False, **values)
                # sudo: as above, the survey is for ``partner``.
                .sudo()
            )
        # sudo: as above, the survey is for ``partner``.
        return self.sudo()._create_answer(partner=partner, **values)

    def _property_residents_building(self, partner):
        occupancy = (
            self.env["property.occupancy"]
            # sudo: the partner's home in the audience, for results per building.
            .sudo()
            .search(
                [("partner_id", "=", partner.id), *self._property_resident_domain()],
                order="unit_id, id",
                limit=1,
            )
        )
        return occupancy.building_id
