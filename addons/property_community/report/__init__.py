from . import property_satisfaction_report
