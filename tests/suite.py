"""Helpers for the suite's cross-module tests, which live outside any add-on."""

import ast
from pathlib import Path


def suite_test(cls):
    """Give a test class the attributes Odoo sets on the tests of an add-on
    (``odoo.addons.<module>.tests``), which a class in this folder lacks."""
    cls.test_tags = {"standard", "post_install", "property_suite"}
    cls.test_module = "property_suite"
    cls.test_class = cls.__name__
    cls.test_sequence = 0
    return cls


ADDONS = Path(__file__).resolve().parent.parent / "addons"
SUITE = sorted(
    path.parent.name
    for path in ADDONS.glob("*/__manifest__.py")
    if ast.literal_eval(path.read_text()).get("installable", True)
)

# Shared by everyone, never "a community's data" by themselves: not followed
# when looking for a way from a model to a community.
SHARED_MODELS = {"res.partner", "res.users", "res.company", "res.config.settings"}
MAX_HOPS = 3
# Name a community but hold no data of its residents, with the reason.
NO_COMMUNITY_DATA = {
    # A team names the community it serves; its tickets carry their own rules.
    "helpdesk.ticket.team": "configuration of who serves a community",
    # A provider's fees of a day: an accounting record across communities, for
    # accountants only (payment_provider_settlement); its entry names no
    # community.
    "payment.settlement": "a provider's fees booked from its settlement file",
}


def suite_models(env):
    """Names of the stored models the suite defines or extends."""
    data = env["ir.model.data"].search(
        [("module", "in", SUITE), ("model", "=", "ir.model")]
    )
    names = set(env["ir.model"].browse(data.mapped("res_id")).mapped("model"))
    return sorted(
        name
        for name in names
        if name in env and not env[name]._transient and not env[name]._abstract
    )


def community_path(env, model_name, models):
    """The dotted many2one path from ``model_name`` to its community, through
    stored fields and the suite's ``models``, or None: the model holds no
    community's data."""
    if model_name == "property.community":
        return "id"
    queue = [(model_name, [])]
    seen = {model_name}
    while queue:
        current, path = queue.pop(0)
        if len(path) >= MAX_HOPS:
            continue
        for field in env[current]._fields.values():
            if field.type != "many2one" or not field.store:
                continue
            comodel = field.comodel_name
            if comodel == "property.community":
                return ".".join([*path, field.name])
            if comodel in models and comodel not in seen | SHARED_MODELS:
                seen.add(comodel)
                queue.append((comodel, [*path, field.name]))
    return None
