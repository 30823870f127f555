from . import property_announcement
from . import property_announcement_recipient
from . import property_suggestion
from . import property_community
from . import property_training
from . import survey_survey
from . import survey_user_input
from . import event_event
