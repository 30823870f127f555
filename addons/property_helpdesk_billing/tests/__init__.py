from . import test_helpdesk_billing
from . import test_demo_front_desk
