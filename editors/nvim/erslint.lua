-- erslint's language server in Neovim's built-in LSP client: the findings of
-- `erslint lint` as you type, hover, quick fixes and completion in manifests.
-- Works with Neovim 0.7 (Debian bookworm) and later, without nvim-lspconfig.
--
-- Install: copy this file to ~/.config/nvim/lua/erslint.lua, then in init.lua:
--
--   require("erslint").setup({
--     -- cmd = { "erslint", "lsp" },           -- the default; a path works too
--     -- init_options = { asOf = "2026-11-24" }, -- assessment date (default today)
--   })
--
-- The server starts for YAML buffers and publishes an empty list for YAML that
-- is not a manifest. Its workspace root (where the configuration .erslint.yaml
-- is found, and whose manifests the cross-manifest rules compare with) is the
-- nearest directory above the file holding .erslint.yaml or .git, else the
-- working directory.
local M = {}

local clients = {} -- one client per root directory

local function root_of(file)
  local dir = vim.fn.fnamemodify(file, ":p:h")
  local config = vim.fn.findfile(".erslint.yaml", dir .. ";")
  if config ~= "" then
    return vim.fn.fnamemodify(config, ":p:h")
  end
  local git = vim.fn.finddir(".git", dir .. ";")
  if git ~= "" then
    return vim.fn.fnamemodify(git, ":p:h:h")
  end
  return vim.fn.getcwd()
end

function M.setup(opts)
  opts = opts or {}
  local group = vim.api.nvim_create_augroup("erslint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "yaml",
    callback = function(args)
      local file = vim.api.nvim_buf_get_name(args.buf)
      local root = root_of(file ~= "" and file or vim.fn.getcwd())
      local id = clients[root]
      if id == nil or vim.lsp.get_client_by_id(id) == nil then
        id = vim.lsp.start_client({
          name = "erslint",
          cmd = opts.cmd or { "erslint", "lsp" },
          root_dir = root,
          workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
          init_options = opts.init_options or vim.empty_dict(),
          on_attach = opts.on_attach,
        })
        clients[root] = id
      end
      if id ~= nil then
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
end

return M
