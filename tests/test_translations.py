"""Every suite module ships a complete Simplified Chinese translation."""

from pathlib import Path

import polib
from suite import suite_test

from odoo.tests import TransactionCase
from odoo.tools.translate import TranslationModuleReader

ADDONS = Path(__file__).resolve().parent.parent / "addons"
SUITE = sorted(p.parent.name for p in ADDONS.glob("*/__manifest__.py"))


@suite_test
class TestTranslations(TransactionCase):
    def test_zh_cn_translates_every_term_of_every_module(self):
        for module in SUITE:
            with self.subTest(module=module):
                po_path = ADDONS / module / "i18n" / "zh_CN.po"
                self.assertTrue(po_path.is_file(), f"{module} has no i18n/zh_CN.po")
                translated = {
                    entry.msgid
                    for entry in polib.pofile(str(po_path))
                    if entry.msgstr
                    and not entry.obsolete
                    and "fuzzy" not in entry.flags
                }
                terms = {
                    source
                    for _module, _type, _name, _res_id, source, _value, _comments in (
                        TranslationModuleReader(self.env.cr, modules=[module])
                    )
                }
                missing = sorted(terms - translated)
                self.assertFalse(
                    missing,
                    f"{module}: {len(missing)} terms have no zh_CN translation, e.g. "
                    f"{missing[:5]}. Export the .pot, then translate them in zh_CN.po.",
                )

    def test_pot_lists_every_term(self):
        for module in SUITE:
            with self.subTest(module=module):
                pot = {
                    entry.msgid
                    for entry in polib.pofile(
                        str(ADDONS / module / "i18n" / f"{module}.pot")
                    )
                }
                terms = {
                    entry[4]
                    for entry in TranslationModuleReader(self.env.cr, modules=[module])
                }
                self.assertFalse(
                    sorted(terms - pot)[:5],
                    f"{module}.pot is out of date: export it again.",
                )
