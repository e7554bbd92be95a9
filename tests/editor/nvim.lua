-- `journeymap lsp` driven by Neovim's own LSP client (headless), as a person editing a map:
-- the findings of an invalid map arrive as diagnostics, a channel id is completed, go to
-- definition lands on a persona, and renaming a pain point's id changes it everywhere.
-- Run by tests/editor/nvim.sh: JOURNEYMAP_BIN and MAP (a copy of the map below) are set.
local bin = os.getenv("JOURNEYMAP_BIN")
local map = os.getenv("MAP")
local failures = 0
local function fail(message)
  io.stderr:write("FAIL nvim: " .. message .. "\n")
  failures = failures + 1
end
local function finish()
  if failures > 0 then
    vim.cmd("cquit 1")
  else
    io.stdout:write("nvim: the language server passed\n")
    vim.cmd("qall!")
  end
end

vim.cmd("edit " .. vim.fn.fnameescape(map))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "journeymap",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(map, ":h"),
})
if not client then
  fail("the server did not start")
  return finish()
end
vim.lsp.buf_attach_client(buf, client)

-- The 1-based line and 0-based byte column of the first line containing `needle`.
local function find(needle)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = string.find(line, needle, 1, true)
    if col then
      return row, col - 1
    end
  end
  error("`" .. needle .. "` is not in the buffer")
end

local function request(method, row, col, extra)
  vim.api.nvim_win_set_cursor(0, { row, col })
  local params = vim.lsp.util.make_position_params()
  for k, v in pairs(extra or {}) do
    params[k] = v
  end
  local answers = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  for _, answer in pairs(answers) do
    if answer.err then
      fail(method .. ": " .. vim.inspect(answer.err))
    end
    return answer.result
  end
  fail(method .. ": no answer")
end

-- 1. The findings of the invalid map, on the line of the unknown channel.
local got = vim.wait(15000, function()
  return #vim.diagnostic.get(buf) > 0
end, 20)
if not got then
  fail("no diagnostics arrived")
else
  local row, col = find("appp")
  local found = false
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.lnum == row - 1 and d.col == col and string.find(d.message, "unknown channel", 1, true) then
      found = true
    end
  end
  if not found then
    fail("no 'unknown channel' finding at the typo: " .. vim.inspect(vim.diagnostic.get(buf)))
  end
end

-- 2. Completion of a channel id inside the touchpoints list.
do
  local row, col = find("appp")
  local result = request("textDocument/completion", row, col)
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do
    labels[item.label] = true
  end
  if not (labels["kiosk"] and labels["app"]) then
    fail("completion offered no channel ids: " .. vim.inspect(vim.tbl_keys(labels)))
  end
end

-- 3. Go to the definition of a persona from a step's `personas` list.
do
  local row, col = find("personas: [ann]")
  local result = request("textDocument/definition", row, col + string.len("personas: ["))
  local location = result and (result[1] or result)
  if not location or not location.range then
    fail("no definition for the persona")
  else
    vim.lsp.util.jump_to_location(location, "utf-16")
    local at = vim.api.nvim_win_get_cursor(0)
    local def_row, def_col = find("- id: ann")
    if at[1] ~= def_row or at[2] ~= def_col + string.len("- id: ") then
      fail("definition jumped to " .. vim.inspect(at) .. ", not the persona's id")
    end
  end
end

-- 4. Rename a pain point's id: its definition and every `addresses` entry.
do
  local row, col = find("addresses: [slow-scan]")
  local result = request("textDocument/rename", row, col + string.len("addresses: ["), { newName = "scanner-lag" })
  if not result then
    fail("rename gave no edit")
  else
    vim.lsp.util.apply_workspace_edit(result, "utf-16")
    local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
    if string.find(text, "slow-scan", 1, true) then
      fail("the old id is still in the map:\n" .. text)
    end
    local _, count = string.gsub(text, "scanner%-lag", "")
    if count ~= 2 then
      fail("the new id is written " .. count .. " times, not 2")
    end
  end
end

vim.lsp.stop_client(client)
finish()
