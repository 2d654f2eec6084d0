#!/usr/bin/env bash
# Installs the peers of the load benchmarks from this machine's registries only:
# Debian's nats-server and libnginx-mod-nchan (with nginx), and socket.io from npm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
[ -f /usr/lib/nginx/modules/ngx_nchan_module.so ] || missing+=(libnginx-mod-nchan)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
# the Debian package enables the module for the system nginx; our nginx runs its own config
# and loads the module itself, so leave the system's nginx as it was
$sudo rm -f /etc/nginx/modules-enabled/50-mod-nchan.conf
(cd "$here/socketio" && npm install --no-audit --no-fund --silent)
echo "peers installed: $(nats-server --version), nchan $(dpkg-query -W -f='${Version}' libnginx-mod-nchan), socket.io $(node -p "require('$here/socketio/node_modules/socket.io/package.json').version")"
