#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests where it is missing (a test tool's own browser
# download cannot work here: only the package registries are reachable).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "ensure-chromium: installing chromium from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
