from . import property_notification
