from .server_flags import has_server_flag, with_server_flag
