-- Shared by the intake benchmark: optional POST body, a unique Idempotency-Key per request,
-- counts of answers by status, and latency percentiles printed as JSON at the end.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  method = os.getenv("BENCH_METHOD") or "GET"
  body = os.getenv("BENCH_BODY")
  unique = os.getenv("BENCH_UNIQUE_KEY") == "1"
  run = os.getenv("BENCH_RUN") or ""
end

function request()
  counter = counter + 1
  local headers = {}
  if body then headers["Content-Type"] = "application/json" end
  if unique then headers["Idempotency-Key"] = "bench-" .. run .. "-" .. id .. "-" .. counter .. "-" .. math.random(1, 1000000000) end
  return wrk.format(method, nil, headers, body)
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
