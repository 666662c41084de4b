-- wrk script for bench/web/run.py. Configured through the environment, because
-- wrk decides whether a script has a delay() before it calls init():
--   BENCH_TARGETS    one "cookie path" pair a line: the requests, in turn, each
--                    with its person's session cookie
--   BENCH_THINK_MIN  think time in ms before each request (0 and 0: closed loop)
--   BENCH_THINK_MAX
-- done() prints one line "BENCH_JSON {...}" with the figures run.py reads.

local targets = {}
for cookie, path in string.gmatch(os.getenv("BENCH_TARGETS") or "", "(%S+) (%S+)") do
  table.insert(targets, {cookie = cookie, path = path})
end
local think_min = tonumber(os.getenv("BENCH_THINK_MIN") or "0")
local think_max = tonumber(os.getenv("BENCH_THINK_MAX") or "0")

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  -- Each thread starts at its own place in the list and draws its own think times.
  n = id
  math.randomseed(os.time() * 1000 + id)
  ok, not_ok, to_login = 0, 0, 0
  statuses = {}
end

function request()
  local target = targets[(n % #targets) + 1]
  n = n + 1
  return wrk.format("GET", target.path, {Cookie = target.cookie})
end

if think_max > 0 then
  -- A person reading the page before the next click; the first request of each
  -- connection waits too, so that the users do not all start at once.
  function delay()
    return math.random(think_min, think_max)
  end
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    not_ok = not_ok + 1
    statuses[status] = (statuses[status] or 0) + 1
    local location = headers["Location"] or headers["location"] or ""
    if string.find(location, "/connexion/", 1, true) then
      to_login = to_login + 1
    end
  end
end

function done(summary, latency, requests)
  local total_ok, total_not_ok, total_login = 0, 0, 0
  local codes = {}
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_not_ok = total_not_ok + thread:get("not_ok")
    total_login = total_login + thread:get("to_login")
    for code, count in pairs(thread:get("statuses")) do
      table.insert(codes, string.format('"%d": %d', code, count))
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"ok": %d, "not_ok": %d, "to_login": %d, "statuses": {%s}, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "stdev": %.1f, "min": %d, "max": %d, ' ..
    '"p50": %d, "p90": %d, "p95": %d, "p99": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    total_ok, total_not_ok, total_login, table.concat(codes, ", "),
    e.connect, e.read, e.write, e.timeout,
    latency.mean, latency.stdev, latency.min, latency.max,
    latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99)))
end
