FROM odoo:18.0

USER root

# --no-deps for the OCA wheels: they require "odoo==18.0.*", which pip cannot
# see because Odoo comes from the .deb; helpdesk_mgmt itself only needs mail/portal.
# Chromium is deliberately not installed: on Ubuntu noble it is a snap, which
# does not work in a container, so browser tours skip themselves here.
COPY requirements-oca.txt /tmp/oca-requirements.txt
COPY requirements.txt /tmp/requirements.txt
COPY requirements-test.txt /tmp/test-requirements.txt
RUN pip install --no-cache-dir --no-deps --break-system-packages -r /tmp/oca-requirements.txt \
    && pip install --no-cache-dir --break-system-packages -r /tmp/requirements.txt \
       -r /tmp/test-requirements.txt \
    && rm -f /tmp/oca-requirements.txt /tmp/requirements.txt /tmp/test-requirements.txt

COPY docker/init-db.sh /usr/local/bin/init-db.sh
RUN chmod 0755 /usr/local/bin/init-db.sh

COPY addons /mnt/extra-addons

USER odoo
