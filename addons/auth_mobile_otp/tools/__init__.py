from .mobile import format_for_sms, normalize_mobile
