#!/usr/bin/env bash
# Installs every Debian 12 package the kiosk, hqd and the tests need. Safe to run again.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  libimgui-dev libsdl2-dev libfreetype-dev libpng-dev fonts-noto-cjk fonts-hanazono fonts-babelstone-han
  libsqlite3-dev sqlite3 libcurl4-openssl-dev zlib1g-dev nlohmann-json3-dev libcpp-httplib-dev openssl
  libgooglepinyin0-dev libqrencode-dev libsodium-dev libtomlplusplus-dev libxlsxwriter-dev
  libzip-dev libexpat1-dev libgtest-dev xvfb xdotool unzip python3 libsystemd-dev lintian
  chromium chromium-driver python3-selenium libjs-chart.js
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
