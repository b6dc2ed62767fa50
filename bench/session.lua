-- wrk script for the signed-in scenarios of `make bench` (the staff inbox): like paths.lua (rotates through the paths
-- in a file, prints exact percentiles as one JSON line), and also counts answers other than 200, so that a session
-- that was signed out (a redirect to the login page) cannot pass for a fast page. The session cookie comes with -H.
-- Usage: wrk -t2 -c16 -d15s -s bench/session.lua -H "Cookie: sessionid=..." http://127.0.0.1:PORT -- paths.txt

local paths = {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("session.lua: no paths in " .. args[1])
  end
  counter = ((thread_index or 0) * 7) % #paths
  ok = 0
  unexpected = 0
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local answered, other = 0, 0
  for _, thread in ipairs(threads) do
    answered = answered + (thread:get("ok") or 0)
    other = other + (thread:get("unexpected") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p75_us": %d, "p90_us": %d, '
      .. '"p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "stdev_us": %.1f, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, "ok": %d, "unexpected": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, latency.stdev,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout, answered, other
  ))
end
