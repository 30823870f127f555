from . import property_collection_report
