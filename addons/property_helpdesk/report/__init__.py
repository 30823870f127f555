from . import property_helpdesk_report
