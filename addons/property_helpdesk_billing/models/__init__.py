from . import property_billing_charge
from . import helpdesk_ticket
