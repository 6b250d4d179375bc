#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests where it is missing (a test tool's own browser
# download cannot work here: only the package registries are reachable), and the Liberation fonts the
# screenshot baselines were drawn with (Chromium recommends them; an install without recommends draws
# the pages in DejaVu and every screenshot differs).
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/liberation ]; then exit 0; fi
echo "ensure-chromium: installing chromium and fonts-liberation from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-liberation >/dev/null
