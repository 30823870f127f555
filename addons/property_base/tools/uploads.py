"""Files uploaded by residents and staff: few, small, and images or PDF.

The type is judged from the first bytes of the content, never from the file name
or the mimetype the browser declares: both are chosen by the sender. SVG and
HTML are text that a browser runs, so they are refused like any other type.
"""

from odoo.exceptions import UserError

DEFAULT_MAX_SIZE_MB = 10
DEFAULT_MAX_COUNT = 6


def _content_kind(data):
    """The accepted kind of ``data`` judged by its magic bytes, or ``None``."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


def _int_param(env, key, default):
    # Read-only settings every uploader needs; only managers can write them.
    value = env["ir.config_parameter"].sudo().get_param(key)
    try:
        value = int(value)
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default


def get_upload_limits(env):
    """``(max_size_mb, max_count)`` set in the Property settings."""
    return (
        _int_param(env, "property_base.upload_max_size_mb", DEFAULT_MAX_SIZE_MB),
        _int_param(env, "property_base.upload_max_count", DEFAULT_MAX_COUNT),
    )


def check_uploads(env, files):
    """Refuse ``files`` (a list of ``(filename, data_bytes)``) with a
    ``UserError`` unless every one is a JPEG, PNG, GIF, WebP image or a PDF
    within the size cap, and there are no more of them than the count cap."""
    max_size_mb, max_count = get_upload_limits(env)
    if len(files) > max_count:
        raise UserError(
            env._(
                "You sent %(count)s files, at most %(max)s are accepted at once. "
                "Send fewer files.",
                count=len(files),
                max=max_count,
            )
        )
    for filename, data in files:
        data = data or b""
        if len(data) > max_size_mb * 1024 * 1024:
            raise UserError(
                env._(
                    "The file %(name)s is larger than %(max)s MB. "
                    "Send a smaller file, for example a photo at a lower "
                    "resolution.",
                    name=filename,
                    max=max_size_mb,
                )
            )
        if not _content_kind(data):
            raise UserError(
                env._(
                    "The file %(name)s is not a JPEG, PNG, GIF or WebP image or "
                    "a PDF document. Send a photo or a PDF instead.",
                    name=filename,
                )
            )
