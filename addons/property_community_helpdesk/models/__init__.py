from . import property_community
from . import helpdesk_ticket
from . import property_suggestion
