from . import helpdesk_ticket_stage
from . import helpdesk_ticket_team
from . import property_helpdesk_sla
from . import helpdesk_ticket
from . import property_helpdesk_work
from . import property_helpdesk_visit
from . import property_community
