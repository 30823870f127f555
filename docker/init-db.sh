#!/bin/sh
# Create and initialise the Odoo database once; a no-op when it already exists.
set -eu

CONF=${ODOO_RC:-/etc/odoo/odoo.conf}
ODOO_DB=${ODOO_DB:-property}
MODULES=property_base,property_billing,property_helpdesk,property_disclosure,property_community

# Last "key = value" for $1 in the Odoo config (the single source of DB settings).
conf() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*$/\1/p" "$CONF" | tail -n 1
}
PGHOST=$(conf db_host); PGPORT=$(conf db_port)
PGUSER=$(conf db_user); PGPASSWORD=$(conf db_password)
export PGHOST="${PGHOST:-db}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-odoo}" PGPASSWORD="${PGPASSWORD:-odoo}"

# Older wait-for-psql.py versions require all four arguments.
wait-for-psql.py --db_host "$PGHOST" --db_port "$PGPORT" \
    --db_user "$PGUSER" --db_password "$PGPASSWORD" --timeout=60

exists=$(psql -X -q -t -A -v ON_ERROR_STOP=1 -v db="$ODOO_DB" -d postgres <<'SQL'
SELECT 1 FROM pg_database WHERE datname = :'db';
SQL
)
if [ "$exists" = 1 ]; then
    echo "init-db: database '$ODOO_DB' already exists, nothing to do"
    exit 0
fi

echo "init-db: creating database '$ODOO_DB' with $MODULES"
if ! odoo -c "$CONF" -d "$ODOO_DB" -i "$MODULES" --stop-after-init --load-language=zh_CN; then
    # The database did not exist before this run: drop the half-initialised
    # one so that the next run starts over instead of skipping it.
    echo "init-db: installation failed, dropping '$ODOO_DB'" >&2
    dropdb --if-exists "$ODOO_DB" || true
    exit 1
fi
