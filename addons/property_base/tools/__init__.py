from .action_fields import action_fields_written, check_action_fields
from .batch_memo import memo_of, with_memo
from .chinese_amount import amount_in_capitals
from .money import amount_formatter
from .rows import insert_rows
from .server_flags import has_server_flag, with_server_flag
from .spreadsheet import escape_cell, is_formula_like, parse_number
from .uploads import check_uploads
