#!/usr/bin/env bash
# Captures erslint's live diagnostics in Neovim for README's "Editors": runs
# nvim, configured with editors/nvim/erslint.lua, in a detached tmux session on
# examples/gaps/community-clinic.yaml, waits for the diagnostics, and writes
# the screen to docs/editors-nvim.txt (README.md shows it: copy it there). Needs go, nvim and tmux
# (.ci/install-neovim.sh installs them).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
session="erslint-capture-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/erslint" ./cmd/erslint)
cat > "$tmp/init.lua" <<LUA
package.path = "$root/editors/nvim/?.lua;" .. package.path
require("erslint").setup({ cmd = { "$tmp/erslint", "lsp" }, init_options = { asOf = "2026-11-24" } })
vim.opt.number = true
vim.opt.signcolumn = "yes"
LUA
tmux new-session -d -s "$session" -x 170 -y 36 \
  "cd '$root' && HOME='$tmp' XDG_STATE_HOME='$tmp' nvim -i NONE -u '$tmp/init.lua' +36 -c 'normal! zt' examples/gaps/community-clinic.yaml"
# erslint's diagnostics are on screen when Neovim's virtual text (■) is.
for _ in $(seq 1 150); do
  if tmux capture-pane -p -t "$session" | grep -q '■'; then break; fi
  sleep 0.2
done
sleep 1
tmux capture-pane -p -t "$session" | sed -e 's/[[:space:]]*$//' -e '/^~$/d' > "$root/docs/editors-nvim.txt"
echo "wrote docs/editors-nvim.txt"
