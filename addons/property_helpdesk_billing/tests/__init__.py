from . import test_helpdesk_billing
