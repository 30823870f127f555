from . import property_kpi_dashboard
