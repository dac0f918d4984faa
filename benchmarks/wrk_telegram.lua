-- The channel webhook benchmark: a Telegram Bot API update per request, each with its own update_id
-- (so none is a duplicate, not even of the warm-up's: they start from the clock) from one of a
-- thousand private chats, with the webhook's secret header.
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  counter = 0
  start = os.time() * 1000000
  secret = os.getenv("BENCH_SECRET")
end

function request()
  counter = counter + 1
  local update_id = start + id * 100000 + counter
  local chat = 700000 + (update_id % 1000)
  local body = string.format(
    '{"update_id": %d, "message": {"message_id": %d, "date": 1764900000, "chat": {"id": %d, "type": "private"}, "from": {"id": %d, "is_bot": false, "first_name": "A"}, "text": "Айлык беришпей жатат, эки ай болду"}}',
    update_id, counter, chat, chat)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret}, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do table.insert(parts, string.format('"%d": %d', code, n)) end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "median_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    table.concat(parts, ", ")))
end
