from . import test_install
from . import test_fee_composition
from . import test_budget
from . import test_fund
from . import test_disclosure
from . import test_vote
from . import test_security
from . import test_portal
