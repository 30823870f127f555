from . import test_ticket_survey
