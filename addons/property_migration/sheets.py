"""The import workbook: its sheets, their columns (Chinese headers as the usual
Chinese property systems export them, English accepted too), reading xlsx and
csv files, and parsing their cells."""

import csv
import datetime
import io
import math
import re

import openpyxl

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# kind: (Chinese sheet name, English sheet name, columns)
# column: (key, Chinese header, other accepted headers, required)
SHEETS = {
    "units": (
        "房屋",
        "Units",
        [
            ("building_code", "楼栋编号", ("楼栋", "building code", "building"), True),
            ("building_name", "楼栋名称", ("building name",), False),
            ("entrance", "单元", ("entrance",), False),
            ("floor", "楼层", ("floor",), False),
            ("number", "房号", ("门牌号", "number", "door number"), True),
            ("unit_type", "房屋类型", ("类型", "type", "unit type"), False),
            ("area", "建筑面积", ("面积", "area", "gross area"), True),
        ],
    ),
    "residents": (
        "住户",
        "Residents",
        [
            ("unit", "房屋编号", ("房号编码", "unit", "unit code"), True),
            ("name", "姓名", ("客户名称", "业主姓名", "name"), True),
            ("mobile", "手机号", ("手机号码", "联系电话", "mobile"), False),
            ("id_number", "证件号码", ("身份证号", "id number"), False),
            ("role", "身份", ("客户类型", "role"), False),
            ("share", "产权份额", ("份额", "share"), False),
            ("date_start", "起始日期", ("入住日期", "from", "date from"), True),
        ],
    ),
    "contracts": (
        "收费合同",
        "Contracts",
        [
            ("unit", "房屋编号", ("房号编码", "unit", "unit code"), True),
            ("fee_type", "收费项目", ("fee item", "fee"), True),
            ("rate", "协议单价", ("单价", "agreed rate", "rate"), False),
            ("cycle", "计费周期", ("收费周期", "cycle"), False),
            ("billed_to", "已计费至", ("计费截止日期", "billed up to"), True),
        ],
    ),
    "arrears": (
        "欠费",
        "Arrears",
        [
            ("unit", "房屋编号", ("房号编码", "unit", "unit code"), True),
            ("fee_type", "收费项目", ("fee item", "fee"), True),
            ("period", "所属期间", ("费用期间", "账期", "period"), True),
            ("amount", "欠费金额", ("金额", "amount"), True),
            ("due", "应缴日期", ("应收日期", "due date", "due"), False),
        ],
    ),
    "prepayments": (
        "预收款",
        "Prepayments",
        [
            ("unit", "房屋编号", ("房号编码", "unit", "unit code"), True),
            ("name", "缴费人", ("客户名称", "payer"), False),
            ("mobile", "手机号", ("手机号码", "mobile"), False),
            ("amount", "预收金额", ("余额", "金额", "amount"), True),
            ("date", "日期", ("date",), False),
        ],
    ),
    "meters": (
        "抄表",
        "Meter Readings",
        [
            ("unit", "房屋编号", ("房号编码", "unit", "unit code"), True),
            ("meter", "表类型", ("仪表类型", "meter"), True),
            ("value", "读数", ("本次读数", "reading"), True),
            ("date", "抄表日期", ("date",), True),
        ],
    ),
}

SHEET_LABELS = {
    "units": _lt("Units"),
    "residents": _lt("Residents"),
    "contracts": _lt("Contracts"),
    "arrears": _lt("Arrears"),
    "prepayments": _lt("Prepayments"),
    "meters": _lt("Meter Readings"),
}

UNIT_TYPES = {
    "住宅": "residential",
    "商铺": "commercial",
    "商业": "commercial",
    "车位": "parking",
    "储藏室": "storage",
    "residential": "residential",
    "commercial": "commercial",
    "parking": "parking",
    "storage": "storage",
}
ROLES = {
    "业主": "owner",
    "租户": "tenant",
    "住户": "resident",
    "家属": "resident",
    "缴费人": "payer",
    "owner": "owner",
    "tenant": "tenant",
    "resident": "resident",
    "payer": "payer",
}
CYCLES = {
    "月": "monthly",
    "按月": "monthly",
    "季": "quarterly",
    "按季": "quarterly",
    "半年": "semiannual",
    "年": "annual",
    "按年": "annual",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "semiannual": "semiannual",
    "annual": "annual",
}
METERS = {
    "水": "water",
    "水表": "water",
    "电": "electricity",
    "电表": "electricity",
    "燃气": "gas",
    "气": "gas",
    "燃气表": "gas",
    "water": "water",
    "electricity": "electricity",
    "gas": "gas",
}

# Example rows of the template, one per sheet.
EXAMPLES = {
    "units": ["1", "1号楼", "1", 3, "0302", "住宅", 89.5],
    "residents": ["1-1-0302", "张伟", "13800000000", "", "业主", 100, "2020-05-01"],
    "contracts": ["1-1-0302", "物业服务费", 2.5, "月", "2026-06-30"],
    "arrears": ["1-1-0302", "物业服务费", "2026-05", 223.75, "2026-05-15"],
    "prepayments": ["1-1-0302", "张伟", "13800000000", 500, "2026-06-30"],
    "meters": ["1-1-0302", "水", 1234.5, "2026-06-30"],
}


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _normalize(header):
    return re.sub(r"[\s*＊:：]", "", str(header or "")).lower()


def sheet_kind(name):
    name = _normalize(name)
    for kind, (zh, en, _columns) in SHEETS.items():
        if name in (_normalize(zh), _normalize(en), kind):
            return kind
    return None


def column_map(kind, headers):
    """``({key: index}, [missing required Chinese headers])`` of a header row."""
    normalized = [_normalize(header) for header in headers]
    found = {}
    missing = []
    for key, zh, others, required in SHEETS[kind][2]:
        for alias in (zh, *others):
            if _normalize(alias) in normalized:
                found[key] = normalized.index(_normalize(alias))
                break
        else:
            if required:
                missing.append(zh)
    return found, missing


def header_of(kind, key):
    for column_key, zh, _others, _required in SHEETS[kind][2]:
        if column_key == key:
            return zh
    return key


def read_xlsx(data):
    """``{kind: [header, row, ...]}`` of the workbook's known sheets, and the
    names of sheets it does not know."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets, unknown = {}, []
    for worksheet in workbook.worksheets:
        kind = sheet_kind(worksheet.title)
        if not kind:
            unknown.append(worksheet.title)
            continue
        sheets[kind] = [list(row) for row in worksheet.iter_rows(values_only=True)]
    workbook.close()
    return sheets, unknown


def read_csv(data):
    text = data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def write_template():
    """The xlsx template: one sheet per kind with its Chinese headers and an
    example row."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for kind, (zh, _en, columns) in SHEETS.items():
        worksheet = workbook.create_sheet(zh)
        worksheet.append([header for _key, header, _others, _req in columns])
        worksheet.append(EXAMPLES[kind])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value):
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def to_number(value):
    """A float, or ``None`` when ``value`` is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = re.sub(r"[,，¥￥元\s]", "", to_text(value)).rstrip("%")
        # Digits only: Python also reads "nan", "inf" or "1_000" as numbers.
        if not NUMBER.fullmatch(text):
            return None
        number = float(text)
    # Nor an amount too large to be finite ("1e999").
    return number if math.isfinite(number) else None


def decimals_ok(number, digits):
    """Whether ``number`` has at most ``digits`` decimals."""
    return abs(number - round(number, digits)) < 10 ** -(digits + 4)


def to_date(value):
    """A date, or ``None`` when ``value`` is not one."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = to_text(value)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def to_period(value):
    """``(start, end)`` of a month (2026-05, 2026年5月), a year (2026) or a
    range (2026-01-01~2026-03-31), or ``None``."""
    if isinstance(value, datetime.datetime | datetime.date):
        start = to_date(value).replace(day=1)
        return start, _month_end(start)
    text = to_text(value)
    if re.fullmatch(r"\d{4}年?", text):
        year = int(text[:4])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})月?", text)
    if match and 1 <= int(match.group(2)) <= 12:
        start = datetime.date(int(match.group(1)), int(match.group(2)), 1)
        return start, _month_end(start)
    parts = re.split(r"\s*[~至]\s*|\s+-\s+", text)
    if len(parts) == 2:
        start, end = to_date(parts[0]), to_date(parts[1])
        if start and end and start <= end:
            return start, end
    return None


def _month_end(start):
    following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)
