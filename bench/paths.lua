-- wrk script for `make bench`: rotates through the request paths listed in a file (one URL-encoded path per line) and
-- prints the exact latency percentiles wrk's --latency leaves out (p95) as one JSON line.
-- Usage: wrk -t2 -c32 -d15s -s bench/paths.lua http://127.0.0.1:PORT -- /path/to/paths.txt

local paths = {}
local counter = 0
local thread_count = 0

function setup(thread)
  -- Each thread starts at a different place in the list, so the threads do not send the same query in step.
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  local file = args[1]
  if file == nil then
    error("paths.lua: pass the paths file after --")
  end
  for line in io.lines(file) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("paths.lua: no paths in " .. file)
  end
  counter = ((thread_index or 0) * 7) % #paths
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p75_us": %d, "p90_us": %d, '
      .. '"p95_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "stdev_us": %.1f, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, latency.stdev,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  ))
end
