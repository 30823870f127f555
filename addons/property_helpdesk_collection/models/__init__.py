from . import helpdesk_ticket
from . import property_dunning_case
