from . import test_ticket_survey
from . import test_contributions
from . import test_kpi
