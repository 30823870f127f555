from . import property_statement_report
