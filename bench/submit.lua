-- wrk script for the submission scenario of `make bench`: every request posts the apply form (multipart, one small
-- file) with a fresh idempotency key — the run's prefix, the thread's number and a counter — so that each request
-- makes one new case. A redirect (302, to the new case's page) is a submission that succeeded; anything else is
-- counted as unexpected. Prints exact percentiles and the counts as one JSON line.
-- Usage: wrk -t2 -c32 -d15s -s bench/submit.lua -H "Cookie: ..." http://127.0.0.1:PORT -- PATH BODY_FILE CONTENT_TYPE PREFIX
-- BODY_FILE holds the multipart body with the placeholder @@IDEMPOTENCY_KEY@@ (the key is as long, 18 characters).

local path, template, content_type, prefix
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  path, content_type, prefix = args[1], args[3], args[4]
  local file = assert(io.open(args[2], "rb"))
  template = file:read("*a")
  file:close()
  if not template:find("@@IDEMPOTENCY_KEY@@", 1, true) then
    error("submit.lua: no @@IDEMPOTENCY_KEY@@ in " .. args[2])
  end
  ok = 0
  unexpected = 0
  sent = 0
end

function request()
  counter = counter + 1
  sent = counter
  local key = string.format("%s%02d%08d", prefix, thread_index or 0, counter)
  local body = template:gsub("@@IDEMPOTENCY_KEY@@", key, 1)
  return wrk.format("POST", path, { ["Content-Type"] = content_type, ["Cookie"] = wrk.headers["Cookie"] }, body)
end

function response(status, headers, body)
  if status == 302 then
    ok = ok + 1
  else
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local answered, other, total_sent = 0, 0, 0
  for _, thread in ipairs(threads) do
    answered = answered + (thread:get("ok") or 0)
    other = other + (thread:get("unexpected") or 0)
    total_sent = total_sent + (thread:get("sent") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p75_us": %d, "p90_us": %d, '
      .. '"p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "stdev_us": %.1f, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, "ok": %d, "unexpected": %d, '
      .. '"sent": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, latency.stdev,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout, answered, other, total_sent
  ))
end
