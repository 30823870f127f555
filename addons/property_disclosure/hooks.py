def post_init_hook(env):
    """Give the communities created before this module their public page key."""
    env["property.community"].with_context(active_test=False).search(
        [("disclosure_token", "=", False)]
    ).action_reset_disclosure_token()
