-- Drives Neovim's built-in LSP client headless with editors/nvim/erslint.lua,
-- as README documents it: open the manifest given on the command line, wait
-- for erslint's diagnostics, edit the buffer, wait for them to follow, and
-- write what the client holds (vim.diagnostic.get) as JSON to $ERSLINT_OUT.
local repo = os.getenv("ERSLINT_REPO")
package.path = repo .. "/editors/nvim/?.lua;" .. package.path
require("erslint").setup({
  cmd = { os.getenv("ERSLINT_BIN"), "lsp" },
  init_options = { asOf = os.getenv("ERSLINT_AS_OF") },
})

local function snapshot()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out, {
      lnum = d.lnum,
      col = d.col,
      severity = d.severity,
      source = d.source or lsp.source,
      code = d.code or lsp.code,
      message = d.message,
    })
  end
  return out
end

local function has(rule)
  for _, d in ipairs(snapshot()) do
    if d.code == rule then
      return true
    end
  end
  return false
end

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local result = { opened = {}, edited = {}, clients = {} }
    local ok = vim.wait(60000, function()
      return #vim.diagnostic.get(0) > 0
    end, 50)
    result.opened = snapshot()
    result.timeout_open = not ok
    -- The DSPT status fixed in the buffer, unsaved: ERS-GOV-001 goes.
    for i, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
      local s, e = line:find("approaching%-standards")
      if s then
        vim.api.nvim_buf_set_text(0, i - 1, s - 1, i - 1, e, { "standards-met" })
        break
      end
    end
    ok = vim.wait(60000, function()
      return not has("ERS-GOV-001")
    end, 50)
    result.edited = snapshot()
    result.timeout_edit = not ok
    for _, c in pairs(vim.lsp.get_active_clients()) do
      table.insert(result.clients, { name = c.name, encoding = c.offset_encoding })
    end
    local f = assert(io.open(os.getenv("ERSLINT_OUT"), "w"))
    f:write(vim.fn.json_encode(result))
    f:close()
    vim.cmd("qa!")
  end,
})
