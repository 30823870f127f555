from odoo.http import request

from odoo.addons.survey.controllers.main import Survey


class PropertySurvey(Survey):
    def _check_validity(
        self, survey_token, answer_token, ensure_token=True, check_partner=True
    ):
        if check_partner and answer_token:
            _survey_sudo, answer_sudo = self._fetch_from_access_token(
                survey_token, answer_token
            )
            # An anonymous answer has no contact to compare with the user: it
            # is the resident's if they are its (hidden) respondent.
            if (
                answer_sudo.property_anonymous
                and answer_sudo.property_respondent_id == request.env.user.partner_id
            ):
                check_partner = False
        return super()._check_validity(
            survey_token,
            answer_token,
            ensure_token=ensure_token,
            check_partner=check_partner,
        )
