from . import test_install
from . import test_announcement
from . import test_suggestion
from . import test_survey
from . import test_event
from . import test_staff
from . import test_portal
