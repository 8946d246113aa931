#!/usr/bin/env bash
# Installs what `npm test` needs on Debian/Ubuntu (run as root): the real corosync + sshd for the lab cluster,
# Chromium for the browser tests, PostgreSQL for the storage tests (they start a throwaway cluster of their own:
# tests/helpers/databases.ts), and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
pkgs=(corosync openssh-server openssh-client chromium postgresql iproute2 iputils-ping nftables procps util-linux coreutils)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  # keep the packages from starting corosync/sshd/postgresql in the host namespace: the lab and the tests start their own
  had_policy=0
  [[ -e /usr/sbin/policy-rc.d ]] && had_policy=1
  ((had_policy)) || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  ((had_policy)) || rm -f /usr/sbin/policy-rc.d
fi
# npm install, not npm ci: npm ci refuses a lock file without the other platforms' optional packages
# (@next/swc-darwin-*, -win32-*), which a registry mirror without them cannot record
npm install --no-audit --no-fund
